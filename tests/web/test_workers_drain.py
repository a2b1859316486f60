"""A stop drains, a reload keeps the socket: on SIGTERM the master removes its
socket's name first (nginx then connects to another host, never to a host
going away), its workers answer every request already queued on the socket,
then it exits; on SIGHUP the socket stays where it is for the new
generation."""

import os
import signal
import socket
import time

from hosts import Host, fastcgi_answer, fastcgi_send
from casebook import wait_until

QUEUED = 6


def _term_pending(pid):
    """Is a SIGTERM waiting for PID (stopped, so it cannot take it yet)?"""
    with open("/proc/%d/status" % pid, encoding="ascii") as f:
        for line in f:
            if line.startswith(("ShdPnd:", "SigPnd:")):
                if int(line.split()[1], 16) & (1 << (signal.SIGTERM - 1)):
                    return True
    return False


def test_a_stop_answers_what_is_queued_then_exits():
    # a grace period longer than the test's own waits: the master would kill
    # the workers held still here once it ran out, on a slow (sanitizer) run
    host = Host("drain", workers=2, jobs=False,
                extra={"Server.GraceSeconds": "60"}).start()
    try:
        workers = host.worker_pids()
        assert len(workers) == 2, workers
        # every worker held still: what comes now waits in the socket's queue
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)
        try:
            queued = [fastcgi_send(host.socket, "GET",
                                   ("/healthz", "/login")[i % 2])
                      for i in range(QUEUED)]
            os.kill(host.pid, signal.SIGTERM)
            wait_until(lambda: not os.path.exists(host.socket), timeout=10,
                       message="the socket's name removed at the stop")
            wait_until(lambda: all(_term_pending(p) for p in workers),
                       timeout=10, message="SIGTERM sent to the workers")
            # nginx's next connect fails at once: it tries another host
            late = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                late.connect(host.socket)
                raise AssertionError("a connection reached a stopping host")
            except (FileNotFoundError, ConnectionRefusedError):
                pass
            finally:
                late.close()
        finally:
            for pid in workers:
                os.kill(pid, signal.SIGCONT)
        answers = [fastcgi_answer(sock) for sock in queued]
        assert [a.status for a in answers] == [200] * QUEUED, \
            [a.describe() for a in answers]
        assert host.proc.wait(30) == 0
    finally:
        host.close()


def test_a_reload_keeps_the_socket():
    host = Host("reload", workers=2, jobs=False).start()
    try:
        before = os.stat(host.socket).st_ino
        old = host.worker_pids()
        os.kill(host.pid, signal.SIGHUP)
        wait_until(lambda: len(host.worker_pids()) == 2 and
                   not set(host.worker_pids()) & set(old), timeout=20,
                   message="a new generation of workers")
        assert os.stat(host.socket).st_ino == before, \
            "the reload replaced the socket"
        for _ in range(10):
            answer = fastcgi_answer(fastcgi_send(host.socket, "GET",
                                                 "/healthz"))
            assert answer.status == 200, answer.describe()
        time.sleep(0.2)
        assert os.path.exists(host.socket)
    finally:
        host.close()
