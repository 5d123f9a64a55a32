#!/usr/bin/env python3
"""The console in a real browser: headless Chromium driven by Selenium against the real binary.

Starts `synap-webhooks serve` with two admin users and three handlers: `archive` (a file that
works), `lms` (a file handler whose path is a directory, so every delivery dies at its first
try until the test frees it) and `crm` (a forward to a closed port that keeps retrying). Posts
events as Synap would, then in the browser: logs in through the form at /login, finds an event
by the learner's email, opens it (learner masked, then revealed), sees two cross-origin form
posts from a page on another origin refused with 403 and nothing changed, replays one dead
letter from its event page and sees it delivered, and replays the rest from the dead-letters
page after a confirmation that states how many. Screenshots of the overview, events, one
event and dead letters go to --screenshots.

    python3 Tests/browser/console_test.py --binary .build/debug/synap-webhooks --screenshots docs/screenshots
"""

import argparse
import base64
import functools
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OPERATOR = ("ada", "operator-secret-1")
VIEWER = ("grace", "viewer-secret-1")
LEARNERS = [
    ("Mary Somerville", "mary.somerville@example.edu", "Calculus I: Limits", 14),
    ("Emmy Noether", "emmy.noether@example.edu", "Abstract Algebra: Rings", 19),
    ("Sofia Kovalevskaya", "sofia.k@example.edu", "Differential Equations", 16),
    ("Katherine Johnson", "katherine.johnson@example.edu", "Orbital Mechanics", 20),
    ("Hypatia of Alexandria", "hypatia@example.edu", "Geometry: Conic Sections", 12),
]
SEARCHED = LEARNERS[1]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what, timeout=15.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise Failure(f"timed out waiting for {what}")


class Receiver:
    """The real binary on free ports, with a data directory of its own."""

    def __init__(self, binary, work):
        self.work = work
        self.port, self.admin_port = free_port(), free_port()
        self.blocked = os.path.join(work, "data", "lms.jsonl")
        os.makedirs(self.blocked)  # a directory where the lms file should be: writing it fails
        for (user, password) in (OPERATOR, VIEWER):
            with open(os.path.join(work, f"{user}.password"), "w") as file:
                file.write(password + "\n")
        config = {
            "server": {"host": "127.0.0.1", "port": self.port},
            "admin": {
                "host": "127.0.0.1", "port": self.admin_port,
                "users": [
                    {"username": OPERATOR[0], "role": "operator", "passwordFile": os.path.join(work, "ada.password")},
                    {"username": VIEWER[0], "role": "viewer", "passwordFile": os.path.join(work, "grace.password")},
                ],
            },
            "dataDir": os.path.join(work, "data"),
            "log": {"level": "warning"},
            "handlers": {
                "archive": {"type": "file", "path": "archive.jsonl"},
                "lms": {"type": "file", "path": "lms.jsonl", "retry": {"maxAttempts": 1}},
                "crm": {"type": "forward", "url": f"http://127.0.0.1:{free_port()}/hooks",
                        "retry": {"maxAttempts": 100, "initialDelaySeconds": 3600}},
            },
            "routes": [
                {"path": "/webhooks/attempt-completed", "event": "attempt.completed", "handlers": ["archive", "lms", "crm"]},
            ],
        }
        self.config = os.path.join(work, "config.json")
        with open(self.config, "w") as file:
            json.dump(config, file, indent=2)
        self.log = open(os.path.join(work, "receiver.log"), "w")
        self.process = subprocess.Popen([binary, "serve", "--config", self.config], stdout=self.log, stderr=subprocess.STDOUT)
        wait_until(self.ready, "the receiver to answer /healthz")

    @property
    def admin(self):
        return f"http://127.0.0.1:{self.admin_port}"

    def ready(self):
        if self.process.poll() is not None:
            raise Failure(f"the receiver exited with status {self.process.returncode}: {self.read_log()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1) as answer:
                return answer.status == 200
        except OSError:
            return False

    def read_log(self):
        with open(os.path.join(self.work, "receiver.log")) as file:
            return file.read()[-2000:]

    def post(self, body, path="/webhooks/attempt-completed"):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.load(answer)

    def api(self, path):
        """A GET on the admin listener with the viewer's Basic credentials, as a script would."""
        token = base64.b64encode(f"{VIEWER[0]}:{VIEWER[1]}".encode()).decode()
        request = urllib.request.Request(self.admin + path, headers={"Authorization": "Basic " + token})
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.load(answer)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Attacker:
    """Pages on another origin (another port) that auto-submit forms to the admin listener."""

    def __init__(self, work, admin):
        self.directory = os.path.join(work, "attacker")
        os.makedirs(self.directory)
        pages = {
            # The attack: text/plain that reads as JSON, to the replay API.
            "replay-api.html": f"""<form method="post" action="{admin}/admin/replay" enctype="text/plain">
                <input name='{{"source":"dead-letters","x":"' value='"}}'></form>""",
            # The console's own bulk replay form, confirmed, without the session's CSRF token.
            "replay-form.html": f"""<form method="post" action="{admin}/dead-letters/replay">
                <input name="confirmed" value="1"><input name="handler" value="lms"></form>""",
        }
        for name, form in pages.items():
            with open(os.path.join(self.directory, name), "w") as file:
                file.write(f"<!doctype html><title>prize</title>{form}<script>document.forms[0].submit()</script>")
        handler = functools.partial(QuietHandler, directory=self.directory)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def attempt_body(template, index, name, email, title, score):
    body = json.loads(template)
    body["user"]["id"] = f"user{index:04d}xx"
    body["user"]["name"] = name
    body["user"]["email"] = email
    body["attempt"]["id"] = f"attempt{index:04d}"
    body["attempt"]["score"] = score
    body["attempt"]["totalAnsweredCorrectly"] = score
    body["attempt"]["scoreFrac"] = round(score / 20, 2)
    body["score"], body["scoreFrac"] = score, round(score / 20, 2)
    body["test"]["title"] = title
    return json.dumps(body)


def browser(chromium, chromedriver):
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                     "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)


def screenshot(driver, directory, name, max_height=1800):
    if not directory:
        return
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(600, min(height, max_height)))
    os.makedirs(directory, exist_ok=True)
    driver.save_screenshot(os.path.join(directory, name))
    driver.set_window_size(1280, 900)


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def run(arguments):
    work = tempfile.mkdtemp(prefix="synap-browser-")
    receiver = attacker = driver = None
    started = time.monotonic()
    steps = []

    def step(name):
        steps.append((name, time.monotonic()))
        print(f"browser-test: {name}", flush=True)

    try:
        step("starting the receiver")
        receiver = Receiver(arguments.binary, work)
        with open(os.path.join(ROOT, "examples", "attempt-completed.json")) as file:
            template = file.read()
        step("posting events")
        ids = {}
        for index, (name, email, title, score) in enumerate(LEARNERS):
            answer = receiver.post(attempt_body(template, index, name, email, title, score))
            check(answer.get("status") == "accepted", f"event not accepted: {answer}")
            ids[email] = answer["id"]
        quarantined = receiver.post('{"user": {"id": 7}, "attempt": {"id": "a"}}')
        check(quarantined.get("status") == "quarantined", f"the drifted payload was not quarantined: {quarantined}")
        wait_until(lambda: receiver.api("/admin/status")["deadLetters"] == len(LEARNERS), "every lms delivery to die")
        wait_until(lambda: any(h["name"] == "crm" and h["failingSince"] for h in receiver.api("/api/overview")["handlers"]),
                   "crm to be failing")

        step("starting chromium")
        driver = browser(arguments.chromium, arguments.chromedriver)
        wait = WebDriverWait(driver, 15)

        step("logging in through the form")
        driver.get(receiver.admin + "/")
        wait.until(expected_conditions.url_contains("/login"))
        driver.find_element(By.NAME, "username").send_keys(OPERATOR[0])
        driver.find_element(By.NAME, "password").send_keys(OPERATOR[1])
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait.until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Overview"))
        page = text(driver)
        check("ada (operator)" in page, "the header does not say who is signed in")
        check("handlers failing" in page.lower() or "handler failing" in page.lower(), "no failing handler tile")
        check(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar"), "no bar in the chart")
        check("Failing handlers" in page and "crm" in page, "the failing crm handler is not listed")
        screenshot(driver, arguments.screenshots, "home.png")

        step("finding an event by the learner's email")
        driver.get(receiver.admin + "/events")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
        check(len(rows) == len(LEARNERS) + 1, f"expected {len(LEARNERS) + 1} rows, saw {len(rows)}")
        check(SEARCHED[1] not in text(driver), "an email is shown in clear in the list")
        screenshot(driver, arguments.screenshots, "events.png")
        search = driver.find_element(By.NAME, "q")
        search.send_keys(SEARCHED[1])
        search.submit()
        wait.until(expected_conditions.url_contains("q="))
        rows = driver.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
        check(len(rows) == 1, f"the search for {SEARCHED[1]} found {len(rows)} rows")
        event_id = ids[SEARCHED[1]]
        check(event_id in rows[0].text, f"the row is not event {event_id}: {rows[0].text}")

        step("opening the event")
        rows[0].find_element(By.CSS_SELECTOR, "a").click()
        wait.until(expected_conditions.url_contains(f"/events/{event_id}"))
        page = text(driver)
        check("e***@example.edu" in page, "the masked email is not shown")
        check(SEARCHED[1] not in page, "the email is shown before reveal")
        check("lms" in page and "dead" in page and "Is a directory" in page, "the lms dead letter and its error are not shown")
        screenshot(driver, arguments.screenshots, "event.png")
        driver.find_element(By.LINK_TEXT, "Reveal learner data").click()
        wait.until(expected_conditions.url_contains("reveal=1"))
        check(SEARCHED[1] in text(driver), "the email is not shown after reveal")

        step("cross-origin form posts are refused")
        attacker = Attacker(work, receiver.admin)
        audit_before = len(receiver.api("/api/audit?limit=500")["entries"])
        timeline_before = receiver.api(f"/api/events/{event_id}")["timeline"]
        for name in ("replay-api.html", "replay-form.html"):
            driver.get(f"{attacker.origin}/{name}")
            wait.until(lambda d: d.current_url.startswith(receiver.admin) and d.execute_script("return document.readyState") == "complete")
            check('"status":403' in driver.page_source and "cross-origin request refused" in text(driver),
                  f"{name}: the post was not refused as cross-origin: {text(driver)[:300]}")
        check(receiver.api("/admin/status")["deadLetters"] == len(LEARNERS), "a cross-origin post changed the dead letters")
        audit = receiver.api("/api/audit?limit=500")["entries"]
        check(len(audit) == audit_before, f"a cross-origin post was audited as an action: {audit[:2]}")
        check(receiver.api(f"/api/events/{event_id}")["timeline"] == timeline_before, "a cross-origin post changed the event's timeline")

        step("dead letters page")
        shutil.rmtree(receiver.blocked)  # the lms handler works from now on
        driver.get(receiver.admin + "/dead-letters")
        page = text(driver)
        check(f"{len(LEARNERS)} dead letters in all" in page, "the dead-letters page does not count them")
        screenshot(driver, arguments.screenshots, "dead-letters.png")

        step("replaying one dead letter from its event page")
        driver.get(f"{receiver.admin}/events/{event_id}")
        driver.find_element(By.XPATH, "//button[normalize-space()='Replay to lms']").click()
        wait.until(expected_conditions.url_contains("notice="))
        check("Replay: replayed 1 deliveries" in text(driver), f"no notice of the replay: {text(driver)[:400]}")

        def delivered():
            driver.refresh()
            cells = driver.find_elements(By.XPATH, "//h2[.='Handlers']/following-sibling::table[1]//tr[td[1]='lms']/td[2]")
            return cells and cells[0].text == "delivered"

        wait_until(delivered, "the replayed lms delivery to show as delivered", interval=0.2)

        step("replaying the rest after a confirmation")
        driver.get(receiver.admin + "/dead-letters")
        driver.find_element(By.PARTIAL_LINK_TEXT, "Replay all").click()
        remaining = len(LEARNERS) - 1
        wait.until(expected_conditions.url_contains("/dead-letters/confirm"))
        check(f"This will replay {remaining} dead letters ({remaining} events)" in text(driver), f"the confirmation does not state the count: {text(driver)[:400]}")
        driver.find_element(By.XPATH, f"//button[normalize-space()='Replay {remaining} dead letters']").click()
        wait.until(expected_conditions.url_contains("notice="))
        check(f"Replayed {remaining} dead letters" in text(driver), f"no notice of the bulk replay: {text(driver)[:400]}")
        wait_until(lambda: receiver.api("/admin/status")["deadLetters"] == 0, "the dead letters to empty")

        def all_written():
            try:
                with open(receiver.blocked) as file:
                    written = file.read()
            except OSError:
                return False
            return all(event in written for event in ids.values())

        wait_until(all_written, "every event in the lms file")
        actions = [entry["action"] for entry in receiver.api("/api/audit?limit=500")["entries"]]
        check("event.replay" in actions and "dead-letters.replay" in actions and "event.reveal" in actions, f"audit actions: {actions}")

        step("erasing a learner from the Learners page")
        erased_name, erased_email = LEARNERS[0][0], LEARNERS[0][1]
        driver.get(receiver.admin + "/learners")
        driver.find_element(By.NAME, "user").send_keys(erased_email)
        driver.find_element(By.XPATH, "//button[normalize-space()='Find…']").click()
        wait.until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "main"), "Held about this learner"))
        page = text(driver)
        check("Events in the journal 1" in page and "Lines in file sink files 2" in page, f"the dry run's counts: {page[:600]}")
        check("Already delivered by archive (1 event), lms (1 event)" in page, f"where the events went: {page[:800]}")
        check("/learners/find" in driver.current_url and erased_email not in driver.current_url, "the identifier is in the URL")
        screenshot(driver, arguments.screenshots, "learners.png")
        driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Erase 1 event')]").click()
        wait.until(expected_conditions.url_contains("notice="))
        check("Erased: 1 events" in text(driver), f"no notice of the erasure: {text(driver)[:400]}")
        check(receiver.api("/api/audit?limit=1")["entries"][0]["action"] == "erase", "the erasure is not the newest audit record")
        check(receiver.api("/api/events?q=" + erased_email)["events"] == [], "the erased learner is still listed")
        check(len(receiver.api("/api/events")["events"]) == len(LEARNERS), "the other learners' events are not all there")
        for folder, _, names in os.walk(os.path.join(work, "data")):
            for name in names:
                with open(os.path.join(folder, name), "rb") as file:
                    held = file.read()
                for needle in (erased_email, erased_name):
                    check(needle.encode() not in held, f"{needle} is still in {os.path.join(folder, name)}")
        step("checks done; closing the browser")
    except Exception as error:
        print(f"browser-test: FAILED during \"{steps[-1][0] if steps else 'setup'}\": {type(error).__name__}: {error}", file=sys.stderr)
        if receiver:
            print("receiver log (end):\n" + receiver.read_log(), file=sys.stderr)
        if driver:
            print(f"browser at {driver.current_url}:\n{text(driver)[:1500]}", file=sys.stderr)
        raise
    finally:
        if driver:
            driver.quit()
            step("stopping the receiver (SIGTERM)")
        if attacker:
            attacker.stop()
        if receiver:
            receiver.stop()
        shutil.rmtree(work, ignore_errors=True)
        step("stopped")
    timings = ", ".join(f"{name} {later - at:.1f} s" for (name, at), (_, later) in zip(steps, steps[1:]))
    print(f"browser-test: passed in {time.monotonic() - started:.1f} s ({timings})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the synap-webhooks executable")
    parser.add_argument("--screenshots", default="", help="directory for the PNG screenshots (none when empty)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--chromedriver", default=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    arguments = parser.parse_args()

    # Never hang: a stuck browser or receiver fails the test (the cleanup still runs).
    def overdue(signum, frame):
        raise Failure("the browser test took more than 180 s")
    signal.signal(signal.SIGALRM, overdue)
    signal.alarm(180)
    try:
        run(arguments)
    except Exception:
        sys.exit(1)


if __name__ == "__main__":
    main()
