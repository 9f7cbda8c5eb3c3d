-- Claims partitions for one owner unless a claim of a higher epoch holds them (RedisRoutingTable.publish).
-- KEYS: one route key per partition.  ARGV: epoch, address, ttl ms, channel, then the partition of each key.
-- A route's value is "<epoch> <address>". Epochs are compared as non-negative decimal integers of any length.
-- Returns the partitions refused.
local function older(a, b) -- whether epoch a < epoch b
  if #a ~= #b then return #a < #b end
  return a < b
end
local epoch, address, ttl, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local value = epoch .. ' ' .. address
local refused = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('GET', key)
  local held = current and string.sub(current, 1, string.find(current, ' ', 1, true) - 1)
  if held and older(epoch, held) then
    table.insert(refused, ARGV[4 + i])
  else
    redis.call('SET', key, value, 'PX', ttl)
    if current ~= value then
      redis.call('PUBLISH', channel, ARGV[4 + i])
    end
  end
end
return refused
