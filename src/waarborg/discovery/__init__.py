"""Discovery: find the personal data a system holds that the register does not know about.

    report = discover(SqlSource(url), register=loaded.register, system="administration")
    text = render_text(report, "nl")

A source (a database, read-only; a folder of exports) gives each table's schema and a bounded, reproducible
sample of its values; each column is judged by the PII guard's detectors and by its name; the judgement is
compared with what the register declares, and the differences are findings like the linter's. No sampled value
leaves this package: reports carry counts, kinds and column names only.
"""
