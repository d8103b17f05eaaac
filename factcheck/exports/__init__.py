"""Exports of verified claims: ClaimReview, W3C Web Annotation, CSV, JSON Lines, FEVER and
AVeriTeC (issue 5).

Two layers. `records` and `formats` are plain Python with no model imports: the exporters
read plain records (`records.ClaimRecord`) and write bytes, so they are tested without a
database. The query layer (models -> records), the export page, the management command and
the native backup/restore sit on top of them.
"""
