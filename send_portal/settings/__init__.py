"""Settings split by environment: base (shared), dev (the embedded default), test, prod."""
