"""The control socket's request parser answers every line with a JSON object, never a crash."""

import json

from hypothesis import given
from hypothesis import strategies as st

from devices.errors import RigError
from devices.rig.server import handle_request


def dispatch(op, args):
    if op == "scan":
        if not isinstance(args.get("data"), str):
            raise RigError("scan needs data")
        return {"sent": 1}
    raise RigError(f"unknown operation {op!r}")


def test_a_good_request_and_a_refused_one():
    assert handle_request(dispatch, b'{"op": "scan", "args": {"data": "1"}}') == {
        "ok": True,
        "result": {"sent": 1},
    }
    refused = handle_request(dispatch, b'{"op": "fly"}')
    assert refused == {"ok": False, "error": "unknown operation 'fly'", "type": "RigError"}


def test_malformed_requests_say_what_a_request_is():
    assert "not JSON" in handle_request(dispatch, b"{oops")["error"]
    assert '"op"' in handle_request(dispatch, b"[1, 2]")["error"]
    assert "args must be" in handle_request(dispatch, b'{"op": "scan", "args": 3}')["error"]


def test_a_bug_in_the_rig_is_an_internal_error_answer():
    def broken(op, args):
        raise ZeroDivisionError

    answer = handle_request(broken, b'{"op": "scan"}')
    assert answer["ok"] is False and answer["type"] == "InternalError"


@given(line=st.binary(max_size=200))
def test_any_bytes_get_a_json_answer(line):
    answer = handle_request(dispatch, line)
    assert isinstance(answer["ok"], bool)
    json.dumps(answer)


@given(
    request=st.dictionaries(
        st.sampled_from(["op", "args", "x"]),
        st.none()
        | st.text(max_size=5)
        | st.integers()
        | st.dictionaries(st.text(max_size=5), st.text(max_size=5)),
    )
)
def test_any_json_object_gets_a_json_answer(request):
    answer = handle_request(dispatch, json.dumps(request).encode())
    assert isinstance(answer["ok"], bool)
    json.dumps(answer)
