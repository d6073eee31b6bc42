"""A tiny tokenizer."""

import re


class Tokenizer:
    """Split text into words and punctuation, keeping their offsets."""

    pattern = re.compile(r"\w+|[^\w\s]")

    def __init__(self, lowercase=True):
        self.lowercase = lowercase
        self.seen = 0

    def tokens(self, text):
        """Yield (token, start, end) for every token of `text`."""
        for match in self.pattern.finditer(text):
            token = match.group(0)
            if self.lowercase:
                token = token.lower()
            self.seen += 1
            yield token, match.start(), match.end()

    def count(self, text):
        return sum(1 for _ in self.tokens(text))

    @staticmethod
    def is_word(token):
        """True for a token made of letters, digits or underscores only."""
        return bool(token) and all(ch.isalnum() or ch == "_" for ch in token)
