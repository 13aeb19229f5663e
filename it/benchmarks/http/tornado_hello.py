"""Seed example 7 itself, on Tornado: one process, one IOLoop, with TechEmpower's /plaintext and
/json pages beside it. Usage: tornado_hello.py PORT"""
import sys

import tornado.ioloop
import tornado.web


class IndexHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("Hello Python Tornado!")


class PlaintextHandler(tornado.web.RequestHandler):
    def get(self):
        self.set_header("Content-Type", "text/plain")
        self.write("Hello, World!")


class JsonHandler(tornado.web.RequestHandler):
    def get(self):
        self.write({"message": "Hello, World!"})


if __name__ == "__main__":
    app = tornado.web.Application([
        (r"/", IndexHandler),
        (r"/plaintext", PlaintextHandler),
        (r"/json", JsonHandler),
    ])
    app.listen(int(sys.argv[1]), address="127.0.0.1")
    tornado.ioloop.IOLoop.current().start()
