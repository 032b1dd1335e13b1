"""An S3-compatible server on loopback for the tests: moto's, on a free port.

Prints the port on the first line of stdout, then serves until stdin closes.
Tying its life to stdin means the server also stops when the test process that
started it dies without cleaning up: the pipe closes with it.
"""

import sys

from moto.server import ThreadedMotoServer


def main() -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(port, flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
