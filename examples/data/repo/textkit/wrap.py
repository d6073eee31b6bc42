"""Line wrapping."""


def wrap_paragraph(text, width=72):
    """Wrap `text` into lines of at most `width` characters, breaking at spaces."""
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def indent(lines, prefix="    "):
    return [prefix + line for line in lines]
