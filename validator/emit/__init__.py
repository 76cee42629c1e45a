"""Output formats: findings for CI (text, json, github) and reports (JSON, Markdown, HTML)."""
