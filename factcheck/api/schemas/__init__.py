"""The shapes the API reads and answers (OpenAPI components), one module per resource.
Offsets are code points into a revision's text, as everywhere in the workbench
(factcheck/text)."""
