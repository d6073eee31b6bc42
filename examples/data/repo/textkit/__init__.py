"""textkit: small text utilities, the sample repository of examples/sample.sh."""

from .wrap import wrap_paragraph
from .tokens import Tokenizer

__all__ = ["wrap_paragraph", "Tokenizer"]
