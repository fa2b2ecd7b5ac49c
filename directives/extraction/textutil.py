"""Small text helpers shared by the modules: widths and Chinese numerals."""

# Full-width ASCII variants and a few bracket forms, mapped one character to
# one character, so offsets in the "analysis" copy are offsets in the source.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, ord("〔"): ord("("), ord("〕"): ord(")"),
               ord("﹝"): ord("("), ord("﹞"): ord(")"), ord("【"): ord("["),
               ord("】"): ord("]"), ord("﹐"): ord(","), ord("﹔"): ord(";"),
               ord("﹕"): ord(":"), ord("．"): ord(".")})


def fold_width(text):
    """Half-width copy of TEXT with exactly the same length."""
    return text.translate(_WIDTH)


CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM_CHARS = "〇零一二两三四五六七八九十百"


def cn_to_int(s):
    """Value of a Chinese or Arabic numeral up to 999; None if it is not one."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if s[0] in CN_DIGITS and all(c in CN_DIGITS for c in s) and len(s) > 1:
        # Digit by digit, as in 二〇二三.
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total, current = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def is_cjk(ch):
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


SENTENCE_END = "。!?"
CLAUSE_END = "。!?;:,"
