"""One source crawled by many worker processes or machines: scrapy-redis with leases.

scrapy-redis keeps the request queue and the duplicate filter in Redis, so workers share one
frontier. On its own it loses work: a request popped by a worker that is then killed is gone.
`LeasingScheduler` pops a request and records it under the worker's lease list in one Lua
call, and keeps a heartbeat key alive while the worker runs, saying whether it is busy or
idle (its engine has nothing in progress). When a worker goes idle it puts the leases of
workers whose heartbeat expired back on the queue, and it stops only once the queue is empty,
no live worker is busy (and so could queue more), and `COURT_ARCHIVE_REDIS_IDLE_SECONDS` seconds
passed without work. Leases are released when a worker finishes cleanly: a dead worker's
requests are all run again, which costs listing fetches, not documents (archived documents
are skipped).
The last worker to finish deletes the run's keys, so the next scheduled run starts afresh.

Settings (see scrapers/settings.py, switched on by COURT_ARCHIVE_REDIS_URL): scrapy-redis's
queue `court-archiver:<spider>:requests` and duplicate filter `...:dupefilter`; beside them
this module keeps `...:workers` (a set), `...:heartbeat:<worker>` and `...:leases:<worker>`.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid

from redis.exceptions import ResponseError
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.spiders import Spider
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

logger = logging.getLogger(__name__)

# Pop the best request and lease it to this worker, atomically: a kill between the two loses nothing.
POP_AND_LEASE = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0)
if found[1] then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0)
  redis.call('RPUSH', KEYS[2], found[1])
end
return found[1]
"""


class LeasingScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler, with leases and heartbeats so that no request is lost."""

    crawler: Crawler
    state: str  # "busy" or "idle", as the heartbeat says

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasingScheduler:
        """The scheduler, listening for the spider's idle signal."""
        scheduler: LeasingScheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        settings = crawler.settings
        scheduler.heartbeat = settings.getfloat("COURT_ARCHIVE_REDIS_HEARTBEAT_SECONDS")
        scheduler.idle_seconds = settings.getfloat("COURT_ARCHIVE_REDIS_IDLE_SECONDS")
        scheduler.worker = f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        scheduler.last_work = time.monotonic()
        scheduler.state = "busy"
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def _key(self, name: str) -> str:
        """A key of this run: beside the queue's (`court-archiver:<spider>:requests`)."""
        return f"{self.queue.key.rpartition(':')[0]}:{name}"

    def open(self, spider: Spider) -> None:
        """Join the run: register, start the heartbeat, recover what dead workers held."""
        super().open(spider)
        self.pop_and_lease = self.server.register_script(POP_AND_LEASE)
        self.server.sadd(self._key("workers"), self.worker)
        self._beat()
        self.beating = LoopingCall(self._beat)
        self.beating.start(self.heartbeat / 3, now=False)
        self.recover()
        logger.info("Distributed worker %s joined (queue %s)", self.worker, self.queue.key)

    def _beat(self) -> None:
        """Say this worker is alive, and whether it is `busy` or `idle` (its engine has nothing to do)."""
        self.server.set(self._key(f"heartbeat:{self.worker}"), self.state, px=int(self.heartbeat * 1000))

    def next_request(self) -> Request | None:
        """The next request from the shared queue, leased to this worker."""
        data = self.pop_and_lease(keys=[self.queue.key, self._key(f"leases:{self.worker}")])
        if data is None:
            return None
        self.last_work = time.monotonic()
        if self.state != "busy":
            self.state = "busy"
            self._beat()
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        request: Request = self.queue._decode_request(data)
        return request

    def recover(self) -> int:
        """Put the leases of workers whose heartbeat expired back on the queue; how many."""
        recovered = 0
        for worker in {w.decode() for w in self.server.smembers(self._key("workers"))} - {self.worker}:
            if self.server.exists(self._key(f"heartbeat:{worker}")):
                continue
            claimed = self._key(f"recovering:{worker}:{self.worker}")
            try:  # RENAME is atomic: of two workers recovering at once, one gets the leases.
                self.server.rename(self._key(f"leases:{worker}"), claimed)
            except ResponseError as exc:  # no such key: it held nothing, or another took it
                logger.debug("No leases of %s to recover: %s", worker, exc)
            for data in self.server.lrange(claimed, 0, -1):
                self.queue.push(self.queue._decode_request(data))
                recovered += 1
            self.server.delete(claimed)
            self.server.srem(self._key("workers"), worker)
        if recovered:
            logger.warning("Recovered %d requests leased by workers that died", recovered)
            if self.stats:
                self.stats.inc_value("scheduler/recovered/redis", recovered)
        return recovered

    def _others_busy(self) -> bool:
        """Whether another live worker is still crawling (and so may queue more requests)."""
        workers = {w.decode() for w in self.server.smembers(self._key("workers"))} - {self.worker}
        return any(self.server.get(self._key(f"heartbeat:{w}")) == b"busy" for w in workers)

    def spider_idle(self, spider: Spider) -> None:
        """Stay while work may still come: recovered requests, busy workers, the grace time.

        Raises:
            DontCloseSpider: while the spider should wait.
        """
        if self.state != "idle":
            self.state = "idle"
            self._beat()
        if self.recover() or len(self.queue) or self._others_busy():
            self.last_work = time.monotonic()
            raise DontCloseSpider
        if time.monotonic() - self.last_work < self.idle_seconds:
            raise DontCloseSpider

    def close(self, reason: str) -> None:
        """Leave the run; on a clean finish release this worker's leases, and if last, clean up."""
        if self.beating.running:
            self.beating.stop()
        self.server.delete(self._key(f"heartbeat:{self.worker}"))
        if reason != "finished":
            # Interrupted: what this worker leased may be half done; others recover it.
            return
        self.server.delete(self._key(f"leases:{self.worker}"))
        self.server.srem(self._key("workers"), self.worker)
        if not len(self.queue) and not self.server.scard(self._key("workers")):
            self.server.delete(self.queue.key, self.df.key)
            logger.info("Distributed run finished: its queue and duplicate filter are deleted")

    def enqueue_request(self, request: Request) -> bool:
        """Queue a request unless a worker already did (scrapy-redis 0.9.1's, without the
        `spider` argument to `stats.inc_value` that Scrapy 2.19 deprecates)."""
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True
