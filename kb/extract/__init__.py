"""Reading an article: bytes to text, text to claims, claims to quantities."""
