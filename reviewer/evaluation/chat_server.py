"""A scripted OpenAI-compatible Chat Completions server on loopback: the end-to-end tests of the model path
and the rewrite suite's replay of recorded responses run the real openai SDK and HTTP transport against it.
Each request pops the next scripted step (the `default` step once the script is used up); every request
body is recorded, and so is the most requests it held at once (`max_in_flight`: the pressure tests).

A profile makes it answer `response_format` as a real server does: it looks at each request first and
answers a dialect the server does not speak with that server's own error (status and body), without
popping a step (the model never ran). The profiles and where their behaviour comes from:

- `llama_cpp_python`: llama-cpp-python's `python -m llama_cpp.server`. Its request type allows
  response_format types "text" and "json_object" only (llama_cpp/llama_types.py,
  ChatCompletionRequestResponseFormat), and its RouteErrorHandler (llama_cpp/server/errors.py) turns the
  FastAPI validation error into HTTP 500 internal_server_error with the error's text as message. The body
  below is what that code answers (abetlen/llama-cpp-python 3691546, FastAPI 0.165; reported as
  ggml-org/llama.cpp#23463).
- `llama_server_2024`: llama.cpp's `llama-server` before json_schema support (Sept 2024):
  HTTP 500 'response_format type must be one of "text" or "json_object", but got: json_schema'
  (ggml-org/llama.cpp#9522). Current builds speak all three dialects.
- `ollama`: Ollama's /v1/chat/completions maps json_schema to its `format` schema and json_object to
  `format: "json"`, ignores other types, and never refuses (ollama/ollama openai/openai.go, since 0.5).
- `openai`: all dialects; json_schema with strict true must have every object closed
  (additionalProperties false) and every property required, else HTTP 400 "Invalid schema for
  response_format '<name>': In context=(), 'additionalProperties' is required to be supplied and to be
  false." (moeru-ai/xsai#145, Part-DB/Part-DB-server#1540); json_object needs the word "json" in the
  messages, else HTTP 400 (portkey.ai error library, OpenAI 10006).
- `openai_without_structured_outputs`: an OpenAI/Azure model without the mode: HTTP 400 "Invalid
  parameter: 'response_format' of type 'json_schema' is not supported with this model."
  (langchain-ai/langchain#31490; Azure says the same for json_object on older models).
- `lm_studio`: json_schema and text only: HTTP 400 {"error": "'response_format.type' must be
  'json_schema'"} (lmstudio-ai/lmstudio-bug-tracker#189).
- `no_response_format`: a server that takes no response_format at all, as xAI answered:
  HTTP 400 "The response_format parameter is unsupported at the moment. Leave it unset." (BerriAI/litellm#6610).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Profile = Callable[[dict[str, Any]], dict[str, Any] | None]  # a request body -> a refusal step, or None


def completion(content: str, prompt_tokens: int = 50, completion_tokens: int = 20) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens},
    }


def rewrites(*texts: str) -> dict[str, Any]:
    return completion(json.dumps({"rewrites": [{"text": t, "rationale": "", "assumptions": []} for t in texts]}, ensure_ascii=False))


def _format(body: dict[str, Any]) -> str | None:
    response_format = body.get("response_format")
    return response_format.get("type") if isinstance(response_format, dict) else None


def llama_cpp_python(body: dict[str, Any]) -> dict[str, Any] | None:
    kind = _format(body)
    if kind is None or kind in ("text", "json_object"):
        return None
    message = (
        "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
        f"'msg': \"Input should be 'text' or 'json_object'\", 'input': '{kind}', "
        "'ctx': {'expected': \"'text' or 'json_object'\"}}\n\n"
        '  File "/usr/lib/python3/site-packages/llama_cpp/server/app.py", line 408, in create_chat_completion\n'
        "    POST /v1/chat/completions"
    )
    return {"status": 500, "json": {"error": {"message": message, "type": "internal_server_error", "param": None, "code": None}}}


def llama_server_2024(body: dict[str, Any]) -> dict[str, Any] | None:
    kind = _format(body)
    if kind is None or kind in ("text", "json_object"):
        return None
    message = f'response_format type must be one of "text" or "json_object", but got: {kind}'
    return {"status": 500, "json": {"error": {"code": 500, "message": message, "type": "server_error"}}}


def ollama(body: dict[str, Any]) -> dict[str, Any] | None:
    return None  # json_schema -> format=<schema>, json_object -> format="json", anything else ignored


def _open_objects(schema: Any, context: tuple[str, ...] = ()) -> str | None:
    """The first place a strict json_schema breaks OpenAI's rules, as OpenAI words it."""
    if not isinstance(schema, dict):
        return None
    if schema.get("type") == "object":
        if schema.get("additionalProperties") is not False:
            return f"In context={context}, 'additionalProperties' is required to be supplied and to be false."
        missing = [key for key in schema.get("properties", {}) if key not in schema.get("required", [])]
        if missing:
            return (
                f"In context={context}, 'required' is required to be supplied and to be an array including every "
                f"key in properties. Missing '{missing[0]}'."
            )
        for key, sub in schema.get("properties", {}).items():
            found = _open_objects(sub, (*context, "properties", key))
            if found:
                return found
    if schema.get("type") == "array":
        return _open_objects(schema.get("items"), (*context, "items"))
    return None


def _invalid(message: str, param: str | None = "response_format") -> dict[str, Any]:
    return {"status": 400, "json": {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}}}


def openai(body: dict[str, Any]) -> dict[str, Any] | None:
    kind = _format(body)
    if kind == "json_schema":
        spec = body["response_format"].get("json_schema") or {}
        problem = _open_objects(spec.get("schema")) if spec.get("strict") else None
        if problem:
            return _invalid(f"Invalid schema for response_format '{spec.get('name')}': {problem}")
    elif kind == "json_object" and "json" not in json.dumps(body.get("messages", [])).lower():
        return _invalid("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", "messages")
    return None


def openai_without_structured_outputs(body: dict[str, Any]) -> dict[str, Any] | None:
    if _format(body) == "json_schema":
        return _invalid("Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.")
    return openai(body)


def lm_studio(body: dict[str, Any]) -> dict[str, Any] | None:
    if _format(body) not in (None, "json_schema"):
        return {"status": 400, "json": {"error": "'response_format.type' must be 'json_schema'"}}
    return None


def no_response_format(body: dict[str, Any]) -> dict[str, Any] | None:
    if "response_format" in body:
        return {
            "status": 400,
            "json": {"code": "Client specified an invalid argument", "error": "The response_format parameter is unsupported at the moment. Leave it unset."},
        }
    return None


PROFILES: dict[str, Profile] = {
    "llama-cpp-python": llama_cpp_python,
    "llama-server-2024": llama_server_2024,
    "ollama": ollama,
    "openai": openai,
    "openai-without-structured-outputs": openai_without_structured_outputs,
    "lm-studio": lm_studio,
    "no-response-format": no_response_format,
}


class ChatServer:
    def __init__(
        self, script: list[dict[str, Any]], profile: Profile | None = None, default: dict[str, Any] | None = None
    ) -> None:
        self.script = list(script)
        self.profile = profile
        self.default = default  # answered once the script is used up (e.g. a slow good answer, for ever)
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests: list[dict[str, Any]] = []
        self.refused = 0  # requests the profile answered with an error (the model never ran)
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                with server.lock:
                    server.requests.append(body)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                    step = server.profile(body) if server.profile is not None else None
                    if step is not None:
                        server.refused += 1
                    elif server.script:
                        step = server.script.pop(0)
                    elif server.default is not None:
                        step = server.default
                    else:
                        step = {"status": 500, "json": {"error": {"message": "script exhausted"}}}
                try:
                    time.sleep(step.get("delay", 0))
                    payload = step["raw"].encode() if "raw" in step else json.dumps(step.get("json", {})).encode()
                    self.send_response(step.get("status", 200))
                    self.send_header("content-type", "application/json")
                    for name, value in step.get("headers", {}).items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)
                finally:
                    with server.lock:
                        server.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> ChatServer:  # noqa: PYI034
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
