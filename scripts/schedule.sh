#!/usr/bin/env bash
# Schedule one `articles` crawl on Scrapyd (POST schedule.json) and print its job id.
# The crontab and the systemd timers in deploy/ run this command; so do the tests.
#
#   scripts/schedule.sh fresh|backfill|full [NAME=VALUE ...]
#
#   fresh     the sections in $MAYADEEN_SECTIONS, from their listings (every N minutes)
#   backfill  what was published in the last $MAYADEEN_BACKFILL_DAYS days, from the monthly
#             sitemaps (nightly: catches what the listings missed)
#   full      every article (a first load)
#   NAME=VALUE  further spider arguments (since=2025-06-01) or Scrapy settings
#             (setting=LOG_LEVEL=INFO), passed to schedule.json as they are.
#
# Environment (defaults in brackets):
#   SCRAPYD_URL            Scrapyd, without a trailing slash [http://127.0.0.1:6800]
#   SCRAPYD_AUTH           user:password when Scrapyd has basic auth on [none; ~/.netrc is read]
#   MAYADEEN_DATABASE_URL  the shared database [sqlite:///<repo>/output/mayadeen.sqlite3]; one with
#                          a password belongs in Scrapyd's environment, not here (refused)
#   MAYADEEN_FEEDS_DIR     where each job writes its feeds, named by job id [<repo>/output/feeds]
#   MAYADEEN_WARC_DIR      where each job writes its web archive (WARC files) [<repo>/output/warc]
#   MAYADEEN_BASE_URL      the site to crawl [settings.py: the live site]
#   MAYADEEN_SECTIONS      fresh: comma-separated sections [news,articles]
#   MAYADEEN_BACKFILL_DAYS backfill: days back from today [3]
#
# Scrapyd runs the crawl in its own working directory: the database and feed paths sent are
# absolute, so every job writes the same database and its feeds where the team reads them.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-}
[[ $# -gt 0 ]] && shift
scrapyd_url=${SCRAPYD_URL:-http://127.0.0.1:6800}
database=${MAYADEEN_DATABASE_URL:-sqlite:///$repo/output/mayadeen.sqlite3}
feeds_dir=$(realpath -m "${MAYADEEN_FEEDS_DIR:-$repo/output/feeds}")
warc_dir=$(realpath -m "${MAYADEEN_WARC_DIR:-$repo/output/warc}")

die() { echo "schedule.sh: $*" >&2; exit 2; }
[[ $scrapyd_url == */ ]] && die "SCRAPYD_URL must not end with '/': $scrapyd_url"
# sqlite:///relative/path would land in Scrapyd's working directory: one database per cwd.
[[ $database == sqlite:///* && $database != sqlite:////* ]] &&
  die "MAYADEEN_DATABASE_URL must be an absolute sqlite:////path (or PostgreSQL): $database"
# A password sent with the job would sit in Scrapyd's job arguments and its log: the crawl reads
# the URL from Scrapyd's own environment instead (it wins over the setting sent here).
[[ $database =~ ://[^/@]*:[^/@]*@ ]] &&
  die "MAYADEEN_DATABASE_URL holds a password, which Scrapyd would log with the job: set it in" \
      "Scrapyd's environment (/etc/mayadeen/scrapyd.env) and leave it out here"

args=(project=mayadeen spider=articles)
case $mode in
  fresh)
    args+=("sections=${MAYADEEN_SECTIONS:-news,articles}" sitemaps=false follow_tags=false) ;;
  backfill)
    days=${MAYADEEN_BACKFILL_DAYS:-3}
    [[ $days =~ ^[0-9]+$ ]] || die "MAYADEEN_BACKFILL_DAYS: a number of days, got '$days'"
    args+=("since=$(date -u -d "$days days ago" +%F)") ;;
  full) ;;
  *) die "usage: schedule.sh fresh|backfill|full [NAME=VALUE ...]" ;;
esac
args+=("setting=MAYADEEN_DATABASE_URL=$database" "setting=MAYADEEN_FEEDS_DIR=$feeds_dir"
       "setting=MAYADEEN_WARC_DIR=$warc_dir")
[[ -n ${MAYADEEN_BASE_URL:-} ]] && args+=("setting=MAYADEEN_BASE_URL=$MAYADEEN_BASE_URL")
for extra in "$@"; do
  [[ $extra == *=* ]] || die "expected NAME=VALUE, got '$extra'"
  args+=("$extra")
done

curl_args=(--silent --show-error --fail-with-body --max-time 120 --netrc-optional)
[[ -n ${SCRAPYD_AUTH:-} ]] && curl_args+=(--user "$SCRAPYD_AUTH")
for arg in "${args[@]}"; do curl_args+=(--data-urlencode "$arg"); done

response=$(curl "${curl_args[@]}" "$scrapyd_url/schedule.json") ||
  { echo "schedule.sh: Scrapyd refused: $response" >&2; exit 1; }
# {"node_name": ..., "status": "ok", "jobid": "..."} or {"status": "error", "message": ...}
if [[ $response =~ \"status\":\ *\"ok\" && $response =~ \"jobid\":\ *\"([^\"]+)\" ]]; then
  echo "${BASH_REMATCH[1]}"
else
  echo "schedule.sh: Scrapyd answered: $response" >&2
  exit 1
fi
