"""The web app: server-rendered pages (Jinja2, autoescaped), inline SVG charts and a little JavaScript."""
