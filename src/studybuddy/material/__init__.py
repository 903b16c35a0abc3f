"""What a session produced: THE list of output kinds (``kinds.KINDS``), their read schemas, the typed
``SessionMaterial`` read model, where each kind is kept, and the Markdown export."""
