"""Letters, notices and notifications: one service records what was sent, to whom, how and
when (issue 19). See `kinds` (the registry), `recipients`, `services`, `letters`, `delivery`."""
