"""Django's messages ("Story published"), with their storage opened only by a request that
reads or adds one.

Only the admin shows messages, yet Django's middleware opens their storage (a signed cookie's
and the session's) on every request, a health check's and every reader's included. Here it
is opened the first time the request reads or adds a message; one never opened has nothing
to store back.
"""

from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.utils.functional import SimpleLazyObject, empty


class LazyMessageMiddleware(MessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response
        return super().process_response(request, response)
