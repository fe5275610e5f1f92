"""What is known about the conversation, read with rule data: the client's name (parsed,
declined) and the client's message (mood, fault, situation)."""
