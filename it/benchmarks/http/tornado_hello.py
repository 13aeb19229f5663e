"""Seed example 7 itself, on Tornado: one process, one IOLoop. Usage: tornado_hello.py PORT"""
import sys

import tornado.ioloop
import tornado.web


class IndexHandler(tornado.web.RequestHandler):
    def get(self):
        self.write("Hello Python Tornado!")


if __name__ == "__main__":
    app = tornado.web.Application([(r"/", IndexHandler)])
    app.listen(int(sys.argv[1]), address="127.0.0.1")
    tornado.ioloop.IOLoop.current().start()
