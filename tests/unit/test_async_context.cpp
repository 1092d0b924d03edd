// Where a blocking call sits: the async gate keeps clippy's disallowed_methods warnings only
// inside async code. The source is the async fixture's shapes plus the traps of a brace scan.
#include <catch2/catch.hpp>

#include <string>

#include "probes/async_context.hpp"

using gc::probes::in_async_context;

namespace {

const std::string kSource = R"(use std::time::Duration;

pub async fn naps() -> u32 {
    std::thread::sleep(Duration::from_millis(1));
    if true {
        std::thread::sleep(Duration::from_millis(1));
    }
    0
}

pub fn sync_nap() {
    std::thread::sleep(Duration::from_millis(1));
    let b = async move {
        std::thread::sleep(Duration::from_millis(1));
    };
    drop(b);
}

pub async fn offloads() {
    tokio::task::spawn_blocking(move || {
        std::thread::sleep(Duration::from_millis(1));
    });
    let s = "a { brace in a string }"; // and { in a comment
    let c = '{';
    std::thread::sleep(Duration::from_millis(1));
}

impl Worker {
    fn sync_method(&self) {
        std::thread::sleep(Duration::from_millis(1));
    }
    async fn async_method(&self) -> Result<(), Error> {
        let r = r#"raw } string"#;
        /* nested /* } */ comment */
        std::thread::sleep(Duration::from_millis(1));
        Ok(())
    }
}

fn outer() {
    let fut = async {
        let inner = || {
            std::thread::sleep(Duration::from_millis(1));
        };
        inner();
    };
}
)";

}  // namespace

TEST_CASE("a call directly in an async fn, or in an if inside it, is in async code") {
    CHECK(in_async_context(kSource, 4, 5));
    CHECK(in_async_context(kSource, 6, 9));
}

TEST_CASE("a call in a sync fn is not, but one in an async block inside it is") {
    CHECK_FALSE(in_async_context(kSource, 12, 5));
    CHECK(in_async_context(kSource, 14, 9));
}

TEST_CASE(
    "a closure (as handed to spawn_blocking) ends the async scope; braces in strings, chars, comments do not count") {
    CHECK_FALSE(in_async_context(kSource, 21, 9));
    CHECK(in_async_context(kSource, 25, 5));
}

TEST_CASE("methods in an impl: sync and async told apart, past raw strings and nested comments") {
    CHECK_FALSE(in_async_context(kSource, 30, 9));
    CHECK(in_async_context(kSource, 35, 9));
}

TEST_CASE("a sync closure inside an async block inside a sync fn is not async code") {
    CHECK_FALSE(in_async_context(kSource, 43, 13));
}

TEST_CASE("outside any fn, or past the end of the file, is not async code") {
    CHECK_FALSE(in_async_context(kSource, 1, 1));
    CHECK_FALSE(in_async_context(kSource, 999, 1));
}
