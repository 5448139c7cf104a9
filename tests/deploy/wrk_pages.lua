-- wrk over a list of pages: wrk -s wrk_pages.lua URL -- PATHS_FILE THREADS MODE
--
-- MODE "once": each path is asked at most once, the paths shared out among wrk's
-- threads, so every answer is a page no one asked before (the cold figure); a
-- thread that runs out asks /healthz/live/ (answered "ok", not counted) until wrk's
-- -d is over: give it more pages than it can ask. MODE "cycle": each thread asks
-- its share round and round (the warm figure).
-- done() prints one line: "pages N answers A seconds S front HIT=x,... status 200=y,..."
-- counting the answers to listed paths.

local threads = {}
local next_id = 1

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    paths = {}
    local index, count = 0, tonumber(args[2])
    for line in io.lines(args[1]) do
        if index % count == id - 1 then
            table.insert(paths, line)
        end
        index = index + 1
    end
    mode = args[3]
    npaths = #paths
    -- wrk calls the first thread's request() once before the run, to check it:
    -- that call must not use up a page.
    sent, answered = id == 1 and -1 or 0, 0
    fronts, statuses = "", ""
    front_counts, status_counts = {}, {}
end

local function tally(counts, key)
    counts[key] = (counts[key] or 0) + 1
end

local function joined(counts)
    local parts = {}
    for key, value in pairs(counts) do
        table.insert(parts, key .. "=" .. value)
    end
    table.sort(parts)
    return table.concat(parts, ",")
end

function request()
    sent = sent + 1
    if mode == "cycle" then
        return wrk.format("GET", paths[sent % #paths + 1])
    end
    if sent >= 1 and sent <= #paths then
        return wrk.format("GET", paths[sent])
    end
    return wrk.format("GET", "/healthz/live/")
end

function response(status, headers, body)
    -- Only answers to listed paths count, not /healthz/live/'s "ok".
    if mode == "once" and #body <= 3 then
        return
    end
    local front = headers["X-Front-Cache"] or headers["x-front-cache"] or "none"
    answered = answered + 1
    tally(front_counts, front)
    tally(status_counts, tostring(status))
    fronts, statuses = joined(front_counts), joined(status_counts)
end

function done(summary, latency, requests)
    local answers, total_fronts, total_statuses = 0, {}, {}
    local pages = 0
    for _, thread in ipairs(threads) do
        answers = answers + thread:get("answered")
        pages = pages + thread:get("npaths")
        for part in string.gmatch(thread:get("fronts"), "[^,]+") do
            local key, value = string.match(part, "([^=]+)=(%d+)")
            total_fronts[key] = (total_fronts[key] or 0) + tonumber(value)
        end
        for part in string.gmatch(thread:get("statuses"), "[^,]+") do
            local key, value = string.match(part, "([^=]+)=(%d+)")
            total_statuses[key] = (total_statuses[key] or 0) + tonumber(value)
        end
    end
    io.write(string.format(
        "pages %d answers %d seconds %.3f front %s status %s\n",
        pages, answers, summary.duration / 1e6, joined(total_fronts), joined(total_statuses)
    ))
end
