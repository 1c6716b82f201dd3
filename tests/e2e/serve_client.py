#!/usr/bin/env python3
"""HTTP checks for tests/e2e/serve_*.sh: python3 with the standard library
only, speaking to a server on 127.0.0.1 that the test started.

  serve_client.py security BASE TOKEN   headers, login, CSRF, tokens, limits
  serve_client.py tls BASE CERT         HTTPS and the Secure cookie
  serve_client.py slow BASE             slowloris and idle clients cut off
  serve_client.py hold BASE             keep a half-sent request open (SIGTERM test)
"""
import http.client, json, socket, ssl, sys, threading, time, urllib.parse

fails = 0
def check(cond, what):
    global fails
    if not cond:
        fails += 1
        print("FAIL:", what, file=sys.stderr)

class Client:
    def __init__(self, base, context=None):
        u = urllib.parse.urlsplit(base)
        self.https = u.scheme == "https"
        self.host, self.port, self.context = u.hostname, u.port, context
        self.cookie = None
    def req(self, method, path, body=None, headers=None, form=None, chunked=False):
        h = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookie and "Cookie" not in h:
            h["Cookie"] = self.cookie
        if self.https:
            c = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=30)
        else:
            c = http.client.HTTPConnection(self.host, self.port, timeout=30)
        c.request(method, path, body=body, headers=h, encode_chunked=chunked)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, r.headers, data

SEC = {"X-Content-Type-Options": "nosniff"}
def has_security_headers(hd, what):
    csp = hd.get("Content-Security-Policy", "")
    check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp
          and "unsafe-inline" not in csp, f"{what}: CSP {csp!r}")
    check(hd.get("X-Content-Type-Options") == "nosniff", f"{what}: nosniff")

def security(base, token):
    c = Client(base)
    for path in ["/api/v1/surveys", "/api/v1/nothing", "/login", "/nothing"]:
        st, hd, _ = c.req("GET", path)
        has_security_headers(hd, path)
    # Output is escaped: a path with markup comes back as text.
    st, hd, body = c.req("GET", "/%3Cscript%3Ealert(1)%3C/script%3E")
    check(st == 404 and b"<script>" not in body, f"404 page echoes markup: {body[:200]!r}")
    st, hd, body = c.req("GET", "/login?next=/%22%3E%3Cscript%3Ex%3C/script%3E")
    check(b"<script>" not in body and b"&quot;&gt;&lt;script&gt;" in body, "login page escapes next")
    # Reading is open on loopback; a wrong token is refused, not ignored.
    st, _, _ = c.req("GET", "/api/v1/surveys")
    check(st == 200, f"anonymous read on loopback: {st}")
    st, _, body = c.req("GET", "/api/v1/surveys", headers={"Authorization": "Bearer vs_nope"})
    check(st == 401 and json.loads(body)["error"]["status"] == 401, f"bad token: {st}")
    st, _, body = c.req("GET", "/api/v1/session", headers={"Authorization": "Bearer " + token})
    check(st == 200 and json.loads(body)["user"] == "ci" and json.loads(body)["role"] == "editor",
          f"token session: {st} {body[:200]!r}")
    # Login: a wrong password sets no cookie.
    st, hd, _ = c.req("POST", "/login", form={"user": "ann", "password": "wrong"})
    check(st == 303 and "failed" in hd.get("Location", "") and not hd.get("Set-Cookie"),
          f"wrong password: {st} {dict(hd)}")
    st, hd, _ = c.req("POST", "/login", form={"user": "nobody", "password": "x"})
    check(st == 303 and not hd.get("Set-Cookie"), "unknown user")
    # A login form posted from another site is refused.
    st, hd, _ = c.req("POST", "/login", form={"user": "ann", "password": "correct horse"},
                      headers={"Origin": "http://evil.example"})
    check(st == 403 and not hd.get("Set-Cookie"), f"cross-site login: {st}")
    # The right password: a session cookie, HttpOnly, SameSite=Strict, and
    # the redirect stays on this site.
    st, hd, _ = c.req("POST", "/login", form={"user": "ann", "password": "correct horse",
                                              "next": "//evil.example/x"})
    sc = hd.get("Set-Cookie", "")
    check(st == 303 and hd.get("Location") == "/", f"login redirect: {st} {hd.get('Location')}")
    check("HttpOnly" in sc and "SameSite=Strict" in sc and "Path=/" in sc and "Secure" not in sc,
          f"cookie attributes: {sc!r}")
    c.cookie = sc.split(";")[0]
    st, _, body = c.req("GET", "/api/v1/session")
    s = json.loads(body)
    check(s["user"] == "ann" and s["role"] == "editor" and len(s["csrf"] or "") == 64, f"session {s}")
    csrf = s["csrf"]
    # Logout is a cookie-authenticated POST: refused without its CSRF token.
    st, _, _ = c.req("POST", "/logout", form={})
    check(st == 403, f"logout without CSRF: {st}")
    st, _, _ = c.req("POST", "/logout", form={"csrf": "0" * 64})
    check(st == 403, f"logout with a wrong CSRF token: {st}")
    st, hd, _ = c.req("POST", "/logout", form={"csrf": csrf})
    check(st == 303 and "Max-Age=0" in hd.get("Set-Cookie", ""), f"logout: {st}")
    st, _, body = c.req("GET", "/api/v1/session")
    check(json.loads(body)["user"] is None, "the session outlived logout")
    # A body over the limit: 413, with and without a length given first.
    big = b"a=" + b"x" * (70 * 1024)
    st, _, body = c.req("POST", "/login", body=big,
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(st == 413, f"oversized body: {st}")
    st, _, body = c.req("POST", "/api/v1/surveys", body=iter([big[i:i + 8192] for i in range(0, len(big), 8192)]),
                        headers={"Transfer-Encoding": "chunked"}, chunked=True)
    check(st == 413 and json.loads(body)["error"]["status"] == 413, f"oversized chunked body: {st}")
    # A head over the per-connection memory: refused, not served.
    st, _, _ = c.req("GET", "/api/v1/surveys", headers={"X-Big": "y" * (40 * 1024)})
    check(400 <= st < 500, f"oversized head: {st}")
    st, _, _ = c.req("GET", "/api/v1/surveys?" + "q" * (40 * 1024))
    check(400 <= st < 500, f"oversized URL: {st}")
    # Failed logins are counted per user name before the password is
    # hashed: five tries at once, then 429 with Retry-After, the right
    # password included; another user from the same address still logs in.
    for i in range(5):
        st, hd, _ = c.req("POST", "/login", form={"user": "vic", "password": f"wrong {i}"})
        check(st == 303 and "failed" in hd.get("Location", ""), f"wrong password {i + 1}: {st}")
    for pw in ["wrong 6", "viewer pass"]:
        st, hd, body = c.req("POST", "/login", form={"user": "vic", "password": pw})
        ra = hd.get("Retry-After", "")
        check(st == 429 and ra.isdigit() and 1 <= int(ra) <= 12 and not hd.get("Set-Cookie")
              and b"429" in body, f"login past the limit: {st} Retry-After {ra!r}")
    st, hd, _ = c.req("POST", "/login", form={"user": "ann", "password": "correct horse"})
    check(st == 303 and hd.get("Set-Cookie"), f"another user after the limit: {st}")
    # Still answering after all that.
    st, _, _ = c.req("GET", "/api/v1/ping")
    check(st == 200, "server alive")

def tls(base, cert):
    ctx = ssl.create_default_context(cafile=cert)
    ctx.check_hostname = False
    c = Client(base, ctx)
    st, hd, _ = c.req("GET", "/api/v1/surveys")
    check(st == 200, f"https read: {st}")
    check(hd.get("Strict-Transport-Security"), "HSTS under TLS")
    st, hd, _ = c.req("POST", "/login", form={"user": "vic", "password": "viewer pass"})
    sc = hd.get("Set-Cookie", "")
    check(st == 303 and "Secure" in sc and "HttpOnly" in sc, f"TLS cookie: {sc!r}")

def slow(base):
    u = urllib.parse.urlsplit(base)
    addr = (u.hostname, u.port)
    result = {}
    def trickle():
        # A head sent one header line every 2 s never completes; the
        # request deadline (VS_SERVE_REQUEST_DEADLINE, 20 s) ends it.
        s = socket.create_connection(addr)
        s.sendall(b"GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n")
        t0 = time.time()
        try:
            while time.time() - t0 < 40:
                s.sendall(b"X-Slow: 1\r\n")
                s.settimeout(2)
                try:
                    if s.recv(1024) == b"":
                        break
                except socket.timeout:
                    pass
        except OSError:
            pass
        result["trickle"] = time.time() - t0
        s.close()
    def idle():
        s = socket.create_connection(addr)
        t0 = time.time()
        s.settimeout(30)
        try:
            s.recv(1024)
        except OSError:
            pass
        result["idle"] = time.time() - t0
        s.close()
    ts = [threading.Thread(target=trickle), threading.Thread(target=idle)]
    for t in ts:
        t.start()
    time.sleep(3)
    # Meanwhile everybody else is served.
    st, _, _ = Client(base).req("GET", "/api/v1/ping")
    check(st == 200, "served while slow clients hang on")
    for t in ts:
        t.join()
    check(result.get("trickle", 99) < 30, f"trickling client held {result.get('trickle')} s")
    check(result.get("trickle", 0) > 15, f"trickling client cut after {result.get('trickle')} s, before the deadline")
    check(result.get("idle", 99) < 15, f"idle client held {result.get('idle')} s")

def hold(base):
    u = urllib.parse.urlsplit(base)
    s = socket.create_connection((u.hostname, u.port))
    s.sendall(b"GET /api/v1/ping HTTP/1.1\r\nHost: x\r\n")
    s.settimeout(30)
    try:
        s.recv(1024)
    except OSError:
        pass

if __name__ == "__main__":
    mode = sys.argv[1]
    {"security": lambda: security(sys.argv[2], sys.argv[3]), "tls": lambda: tls(sys.argv[2], sys.argv[3]),
     "slow": lambda: slow(sys.argv[2]), "hold": lambda: hold(sys.argv[2])}[mode]()
    sys.exit(1 if fails else 0)
