"""Calls into modules outside the allow-list: what the review can say about them.

Importing such a module is already a warning; a call adds what it reaches for (a network
host, a program, files), so a credential handed to one is a blocker with a clear reason.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NETWORK_MODULES = _words(
    """
    requests httpx urllib urllib3 aiohttp http socket ssl smtplib ftplib poplib imaplib
    telnetlib websocket websockets webbrowser xmlrpc pycurl paramiko grpc asyncio selectors
    dns mechanize
    """
)
NETWORK_CALLS = _words(
    """
    get post put patch delete head options request stream urlopen Request urlretrieve open
    open_new open_new_tab connect create_connection send sendall sendto fetch ws_connect
    HTTPConnection HTTPSConnection SMTP SMTP_SSL FTP FTP_TLS ServerProxy open_connection
    create_default_context Client AsyncClient Session ClientSession PoolManager build_opener
    getaddrinfo gethostbyname sendmail send_message storbinary login
    """
)
# Calls whose first argument is a host name, not an address.
HOST_ARGUMENT = _words(
    """
    HTTPConnection HTTPSConnection SMTP SMTP_SSL FTP FTP_TLS create_connection connect
    getaddrinfo gethostbyname open_connection sendto
    """
)
PROGRAMS = (
    "subprocess.",
    "os.system",
    "os.popen",
    "os.exec",
    "os.spawn",
    "os.fork",
    "os.startfile",
    "os.posix_spawn",
    "pty.spawn",
    "multiprocessing.",
    "asyncio.create_subprocess",
    "shlex.",
)
FILES = (
    "os.remove",
    "os.unlink",
    "os.rmdir",
    "os.removedirs",
    "os.rename",
    "os.replace",
    "os.chmod",
    "os.chown",
    "os.symlink",
    "os.link",
    "os.makedirs",
    "os.mkdir",
    "os.write",
    "os.open",
    "shutil.",
)
DECODING = (
    "base64.",
    "codecs.",
    "binascii.",
    "zlib.",
    "gzip.",
    "bz2.",
    "lzma.",
    "quopri.",
    "uu.",
    "html.unescape",
    "urllib.parse.unquote",
)
CODE = (
    "importlib.",
    "pickle.",
    "marshal.",
    "runpy.",
    "code.",
    "codeop.",
    "ctypes.",
    "cffi.",
    "types.",
    "inspect.",
    "sys.",
    "builtins.",
    "gc.",
    "operator.",
    "functools.",
)


@dataclass(frozen=True)
class Foreign:
    kind: str  # network, program, files, decoding, code, environment, other
    what: str


def describe(name: str) -> Foreign:
    root = name.split(".")[0]
    last = name.replace("()", "").split(".")[-1]
    if root in NETWORK_MODULES and last in NETWORK_CALLS:
        return Foreign("network", f"reaches the network with {name}")
    if name.startswith(PROGRAMS):
        return Foreign("program", f"runs a program on this computer ({name})")
    if name.startswith(FILES):
        return Foreign("files", f"changes files on this computer ({name})")
    if name.startswith(DECODING):
        return Foreign("decoding", f"decodes data at run time ({name})")
    if name.startswith(("os.environ", "os.getenv", "os.putenv")):
        return Foreign("environment", f"reads or changes environment variables ({name})")
    if name.startswith(CODE):
        return Foreign("code", f"reaches Python's machinery ({name})")
    return Foreign("other", f"calls {name}, from a module outside the allow-list")
