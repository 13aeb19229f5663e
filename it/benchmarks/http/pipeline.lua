-- wrk script for TechEmpower's plaintext shape: each connection writes DEPTH requests back to
-- back (HTTP/1.1 pipelining) and wrk counts every response. Usage:
--   wrk -s pipeline.lua http://127.0.0.1:18080/plaintext -- 16
-- The request is wrk's own (wrk.format: GET of the URL's path with a Host header), repeated.
local depth = 16
local batch

init = function(args)
    depth = tonumber(args[1]) or depth
    local one = wrk.format()
    local parts = {}
    for i = 1, depth do
        parts[i] = one
    end
    batch = table.concat(parts)
end

request = function()
    return batch
end
