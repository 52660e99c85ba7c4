"""The HTTP layer (reviewer/api.py re-exports its factory, app.py): who may call it (keys.py), which pages may read its answers
(cors.py), the playground page at / (playground.py, templates/, static/), and the settings they read once
(settings.py)."""
