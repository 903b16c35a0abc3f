"""Benchmarks: each prints ``BENCH <name> <value> <unit> [ratio=<r> vs <baseline>]``."""
