"""The family portal: parents, carers and young people follow their case, ask for an assessment,
give their views, respond to the draft plan and read their letters and plans."""
