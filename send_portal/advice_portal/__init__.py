"""The professional advice portal (/portal/advice/): a professional asked for advice sees the
requests addressed to them, answers each once, and reads what they sent. Access comes from the
object permission `advice_request_send` grants on that request (`cases.permissions`)."""
