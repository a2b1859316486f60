#!/usr/bin/python3
"""run.py: runs Casebook's web tests against a running private stack.

Usage: tests/web/run.py [PATTERN...]

Runs every tests/web/test_*.py (only those whose file name contains one of
the PATTERNs, when given), in file name order. In each file, setup_module()
runs first when present, then every top-level test_* function in the order
it is defined (each followed by teardown_function() when present, whose
failure fails that test), then teardown_module() when present. Prints one line per test,
`ok - FILE::TEST` or `not ok - FILE::TEST` followed by the reason indented,
and finally `web: N passed, N failed`. Exits 1 when a test failed or none ran.

A test that runs longer than CASEBOOK_TEST_TIMEOUT seconds (default 120)
fails instead of hanging the run.
"""

import importlib.util
import os
import signal
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = int(os.environ.get("CASEBOOK_TEST_TIMEOUT", "120"))


class TestTimeout(Exception):
    pass


def on_alarm(signum, frame):
    raise TestTimeout("no result after %d seconds" % TIMEOUT)


def discover(patterns):
    names = sorted(n for n in os.listdir(HERE)
                   if n.startswith("test_") and n.endswith(".py"))
    if patterns:
        names = [n for n in names if any(p in n for p in patterns)]
    return names


def short_reason(exc):
    """The failing lines from test files and helpers, and the message."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if os.path.isabs(f.filename)
              and os.path.dirname(f.filename) == HERE
              and os.path.basename(f.filename) != "run.py"]
    lines = []
    for f in frames[-4:]:
        lines.append("%s:%d in %s: %s" % (os.path.basename(f.filename),
                                          f.lineno, f.name,
                                          (f.line or "").strip()))
    message = str(exc).strip() or "(no message)"
    if isinstance(exc, AssertionError):
        lines.append(message)
    else:
        lines.append("%s: %s" % (type(exc).__name__, message))
    return lines


def call(func):
    """Run FUNC under the alarm; None on success, the exception otherwise."""
    signal.alarm(TIMEOUT)
    try:
        func()
        return None
    except KeyboardInterrupt:
        raise
    except BaseException as e:     # a test may raise anything, even SystemExit
        return e
    finally:
        signal.alarm(0)


def report(ok, label, exc=None):
    print("%s - %s" % ("ok" if ok else "not ok", label), flush=True)
    if exc is not None:
        for line in short_reason(exc):
            for part in line.splitlines():
                print("    " + part, flush=True)


def load(name):
    spec = importlib.util.spec_from_file_location(name[:-3],
                                                  os.path.join(HERE, name))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def tests_of(module):
    return [(n, f) for n, f in vars(module).items()
            if n.startswith("test_") and callable(f)
            and getattr(f, "__module__", None) == module.__name__]


def main(argv):
    sys.dont_write_bytecode = True      # leave no __pycache__ in the tree
    sys.path.insert(0, HERE)
    signal.signal(signal.SIGALRM, on_alarm)
    passed = failed = 0
    for name in discover(argv[1:]):
        try:
            module = load(name)
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            report(False, "%s::(import)" % name, e)
            failed += 1
            continue
        tests = tests_of(module)
        setup_error = None
        if hasattr(module, "setup_module"):
            setup_error = call(module.setup_module)
        for test_name, func in tests:
            label = "%s::%s" % (name, test_name)
            if setup_error is not None:
                report(False, label + " (setup_module failed)", setup_error)
                failed += 1
                continue
            start = time.monotonic()
            error = call(func)
            if hasattr(module, "teardown_function"):
                cleanup = call(module.teardown_function)
                error = error if error is not None else cleanup
            if os.environ.get("CASEBOOK_TEST_VERBOSE"):
                label += " (%.1fs)" % (time.monotonic() - start)
            report(error is None, label, error)
            if error is None:
                passed += 1
            else:
                failed += 1
        if hasattr(module, "teardown_module"):
            error = call(module.teardown_module)
            if error is not None:
                report(False, "%s::teardown_module" % name, error)
                failed += 1
    print("web: %d passed, %d failed" % (passed, failed), flush=True)
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
