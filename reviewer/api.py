"""The HTTP API (Litestar): a thin shell over the engine, laid out in reviewer/web/ (app.py the factory,
routes.py the handlers, errors.py the error answers, keys.py, cors.py, playground.py, templates/, static/).
`reviewer.api:create_app` stays the factory's public name (uvicorn --factory, tests)."""

from reviewer.web.app import MAX_BODY_BYTES, create_app

__all__ = ["MAX_BODY_BYTES", "create_app"]
