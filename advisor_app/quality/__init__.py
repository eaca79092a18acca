"""Call quality: the pure rules (video, speech) and acting on them during a call."""
