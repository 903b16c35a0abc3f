"""The offline engine: classical NLP, no network, no key, deterministic."""
