"""The PII guard: find personal data in free text (Dutch and English) and redact it before it leaves.

    spans = detect("Bel Jan de Vries op 06-12345678")           # [Span(NAME ...), Span(PHONE ...)]
    redact(text, mode="mask").text                             # "Bel [NAAM] op [TELEFOON]"

Pure: no database, no network, no model download. Validators remove false positives (a 9-digit number that
fails the 11-check is no BSN); names are found by their shape in context (titles, initials, tussenvoegsels,
greetings and verbs that introduce a person), and a first-name list only adds confidence.
"""
