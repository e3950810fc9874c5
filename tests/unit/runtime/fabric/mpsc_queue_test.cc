// MpscQueue on its own: order, closing, and many producers against one
// consumer that is woken by a real uv_async_t (whose wake-ups libuv coalesces).
#include "mpsc_queue.h"

#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "fabric_test_util.h"

namespace webx::fabric {
namespace {

TEST_CASE("MpscQueue: drain takes every item in push order and empties the queue") {
  MpscQueue<int> queue;
  for (int i = 0; i < 5; ++i) CHECK(queue.push(int{i}));
  CHECK(queue.size() == 5);

  std::vector<int> out{99};  // drain clears whatever the buffer held
  CHECK(queue.drain(out) == 5);
  CHECK(out == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(queue.empty());
  CHECK(queue.drain(out) == 0);
  CHECK(out.empty());
}

TEST_CASE("MpscQueue: a closed queue refuses items and leaves them with the caller") {
  MpscQueue<std::unique_ptr<int>> queue;
  CHECK(queue.push(std::make_unique<int>(1)));
  queue.close();
  CHECK(queue.closed());

  auto item = std::make_unique<int>(2);
  CHECK_FALSE(queue.push(std::move(item)));
  REQUIRE(item != nullptr);  // still owned by the caller
  CHECK(*item == 2);

  // What was queued before the close can still be drained.
  std::vector<std::unique_ptr<int>> out;
  CHECK(queue.drain(out) == 1);
  CHECK(*out[0] == 1);
}

struct Item {
  int producer;
  int seq;
};

// The consumer side of the stress test, living on the test thread's loop.
struct Consumer {
  static constexpr int kProducers = 4;
  static constexpr int kPerProducer = 20000;

  uv_loop_t loop;
  uv_async_t async;
  uv_timer_t guard;  // fails the test instead of hanging if an item is lost
  MpscQueue<Item> queue{&async};
  std::vector<Item> batch;
  int next_seq[kProducers] = {};
  int received = 0;
  int wakeups = 0;
  bool out_of_order = false;
  bool timed_out = false;

  void finish() {
    // Closing the queue first guarantees no producer touches the async handle
    // once it is being closed.
    queue.close();
    uv_close(reinterpret_cast<uv_handle_t*>(&async), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&guard), nullptr);
  }
};

TEST_CASE("MpscQueue: items from several producer threads all reach a woken consumer, in order") {
  Consumer c;
  REQUIRE(uv_loop_init(&c.loop) == 0);
  c.async.data = &c;
  c.guard.data = &c;
  REQUIRE(uv_async_init(&c.loop, &c.async, [](uv_async_t* handle) {
            auto* c = static_cast<Consumer*>(handle->data);
            ++c->wakeups;
            // One wake-up may stand for many pushes, so drain everything.
            c->queue.drain(c->batch);
            for (const Item& item : c->batch) {
              if (item.seq != c->next_seq[item.producer]) c->out_of_order = true;
              c->next_seq[item.producer] = item.seq + 1;
              ++c->received;
            }
            if (c->received == Consumer::kProducers * Consumer::kPerProducer) c->finish();
          }) == 0);
  REQUIRE(uv_timer_init(&c.loop, &c.guard) == 0);
  uv_timer_start(
      &c.guard,
      [](uv_timer_t* handle) {
        auto* c = static_cast<Consumer*>(handle->data);
        c->timed_out = true;
        c->finish();
      },
      std::chrono::milliseconds(testing::kTimeout).count(), 0);

  std::atomic<bool> go{false};
  std::vector<std::thread> producers;
  for (int p = 0; p < Consumer::kProducers; ++p) {
    producers.emplace_back([&c, &go, p] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < Consumer::kPerProducer; ++i) {
        c.queue.push(Item{p, i});
        // Vary the rhythm so pushes land both on an empty and a full queue.
        if (i % 1000 == p) std::this_thread::yield();
      }
    });
  }
  go = true;
  uv_run(&c.loop, UV_RUN_DEFAULT);
  for (auto& t : producers) t.join();
  CHECK(uv_loop_close(&c.loop) == 0);

  CHECK_FALSE(c.timed_out);
  CHECK_FALSE(c.out_of_order);
  CHECK(c.received == Consumer::kProducers * Consumer::kPerProducer);
  for (int p = 0; p < Consumer::kProducers; ++p) CHECK(c.next_seq[p] == Consumer::kPerProducer);
  CHECK(c.wakeups >= 1);
  CHECK(c.queue.empty());
}

}  // namespace
}  // namespace webx::fabric
