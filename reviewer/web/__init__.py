"""The HTTP layer (reviewer/api.py re-exports its factory, app.py): who may call it (keys.py), which pages may read its answers
(cors.py), the playground page at / (playground.py, templates/, static/), the errors as problem details
(errors.py), security headers (headers.py), request ids and logs (logs.py), and the settings they read once
(settings.py)."""
