"""The writing direction of a language tag (BCP 47), for the `dir` of quoted text: a quote
in Arabic inside an English page needs dir="rtl" and its own lang, or its quote marks come
out mirrored (claims.listing's rows, the claim panel)."""

# Languages whose usual script runs right to left, by primary subtag.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "nqo", "ps", "sd", "syr", "ug", "ur", "yi"}
)
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"})


def direction(language: str) -> str:
    """ "rtl" or "ltr" for a language tag; "auto" (the browser looks at the text) when there
    is no tag. A script subtag decides over the language ("ku-Arab" is rtl, "ur-Latn" ltr)."""
    parts = language.replace("_", "-").lower().split("-")
    if not parts[0]:
        return "auto"
    scripts = [part for part in parts[1:] if len(part) == 4 and part.isalpha()]
    if scripts:
        return "rtl" if scripts[0] in RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"
