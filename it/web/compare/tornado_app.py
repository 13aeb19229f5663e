"""The comparison application on Tornado: the same routes as WeftCompareApp.java.

Usage: python3 tornado_app.py PORT  (serves on 127.0.0.1 only)
"""
import sys

import tornado.ioloop
import tornado.web
from tornado.web import Finish, HTTPError, RedirectHandler, addslash, removeslash, url


class Etag(tornado.web.RequestHandler):
    def get(self):
        self.write("hello etag")

    def head(self):
        self.write("hello etag")


class Args(tornado.web.RequestHandler):
    def get(self):
        self.write("a=[%s] raw=[%s] m=%s q=[%s] all=%s" % (
            self.get_argument("a", "NONE"), self.get_argument("a", "NONE", strip=False),
            ",".join(self.get_arguments("m")), self.get_query_argument("q", "NONE"),
            ",".join(sorted(self.request.arguments))))

    def post(self):
        self.write("b=[%s] body=%s query=%s" % (
            self.get_body_argument("b", "NONE"), ",".join(self.get_body_arguments("b")),
            ",".join(self.get_query_arguments("b"))))


class Required(tornado.web.RequestHandler):
    def get(self):
        self.write(self.get_argument("a"))


class Status(tornado.web.RequestHandler):
    def get(self, code):
        self.set_status(int(code), self.get_argument("reason", None, strip=False))
        if self.get_argument("body", None):
            self.write(self.get_argument("body"))


class Error(tornado.web.RequestHandler):
    def get(self, code):
        raise HTTPError(int(code), self.get_argument("log", None), reason=self.get_argument("reason", None))


class Crash(tornado.web.RequestHandler):
    def get(self):
        self.write("not sent")
        raise ValueError("secret")


class CookieSet(tornado.web.RequestHandler):
    def get(self):
        v = self.get_argument("v", "x", strip=False)
        self.set_cookie("a", "first")
        self.set_cookie("b", "other", httponly=True, max_age=60, samesite="Lax", secure=True)
        self.set_cookie("a", v, domain=self.get_argument("domain", None), expires_days=1)
        self.write("ok")


class CookieGet(tornado.web.RequestHandler):
    def get(self):
        self.write("a=[%s] names=%s" % (self.get_cookie("a", "NONE"), ",".join(self.request.cookies)))


class CookieClear(tornado.web.RequestHandler):
    def get(self):
        self.clear_cookie("a")
        self.clear_cookie("b", path="/p", domain="example.com")


class CookieClearAll(tornado.web.RequestHandler):
    def get(self):
        self.clear_all_cookies()


class FinishEarly(tornado.web.RequestHandler):
    def get(self):
        self.set_status(401)
        raise Finish("go away")


class Redirect(tornado.web.RequestHandler):
    def get(self):
        self.redirect(self.get_argument("to", "/x"), status=int(self.get_argument("status", "307")))


class Slash(tornado.web.RequestHandler):
    @addslash
    def get(self):
        self.write("slash")

    @addslash
    def post(self):
        self.write("slash")


class NoSlash(tornado.web.RequestHandler):
    @removeslash
    def get(self):
        self.write("noslash")


class PathArg(tornado.web.RequestHandler):
    def get(self, arg):
        self.write("[%s]" % arg)


class Defaults(tornado.web.RequestHandler):
    def set_default_headers(self):
        self.set_header("X-Default", "yes")
        self.set_header("Server", "Compare")

    def get(self):
        if self.get_argument("fail", None):
            raise HTTPError(403)
        self.write("defaults")


class WriteError(tornado.web.RequestHandler):
    def get(self):
        if self.get_argument("http", None):
            raise HTTPError(409)
        raise KeyError("k")

    def write_error(self, status_code, **kwargs):
        e = kwargs["exc_info"][1]
        self.write("%d %s" % (status_code, "http" if isinstance(e, HTTPError) else "other"))


class ClearHeader(tornado.web.RequestHandler):
    def get(self):
        self.set_header("X-A", "1")
        self.set_header("X-B", "1")  # add_header alone: Tornado 6.2's clear_header raises KeyError
        self.add_header("X-B", "2")
        self.clear_header("X-A")
        self.clear_header("X-B")
        self.clear_header("Content-Type")
        self.write("cleared")


class Reverse(tornado.web.RequestHandler):
    def get(self):
        self.write(self.reverse_url("user", "a b/é", 42))


class Methods(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("GET", "PROPFIND")

    def get(self):
        self.write("get")

    def propfind(self):
        self.write("propfind")


class JsonOut(tornado.web.RequestHandler):
    def get(self):
        self.write({"a": 1, "b": [1, 2], "s": "</script>\u00e9\u2028\n\"", "n": None, "f": 1.5, "t": True,
                    "big": 12345678901234, "neg": -0.25, "e": {}, "l": []})


app = tornado.web.Application([
    (r"/json", JsonOut),
    (r"/etag", Etag),
    (r"/args", Args),
    (r"/required", Required),
    (r"/status/(\d+)", Status),
    (r"/error/(\d+)", Error),
    (r"/crash", Crash),
    (r"/cookie/set", CookieSet),
    (r"/cookie/get", CookieGet),
    (r"/cookie/clear", CookieClear),
    (r"/cookie/clearall", CookieClearAll),
    (r"/finish", FinishEarly),
    (r"/redirect", Redirect),
    (r"/r/([^/]*)/([^/]*)", RedirectHandler, {"url": "/to/{1}/{0}"}),
    (r"/slash/?", Slash),
    (r"/noslash/*", NoSlash),
    (r"/path/([^/]*)", PathArg),
    (r"/defaults", Defaults),
    (r"/writeerror", WriteError),
    (r"/clearheader", ClearHeader),
    (r"/reverse", Reverse),
    url(r"/user/([^/]+)/(\d+)", PathArg, name="user"),
    (r"/methods", Methods),
])

if __name__ == "__main__":
    app.listen(int(sys.argv[1]), "127.0.0.1")
    tornado.ioloop.IOLoop.current().start()
