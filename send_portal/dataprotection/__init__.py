"""Data protection screens for SEN managers: the audit trail and access log, subject access
exports and erasure at the end of retention.

In the composition root because it reads every app (cases and ehcp; transfers and mediation when
they hold records about a child). No app imports it. See docs/decisions/0005.
"""
