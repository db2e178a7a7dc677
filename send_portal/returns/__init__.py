"""Statutory returns built from the casework, with no re-keying: the DfE's SEN2 (`sen2`)."""
