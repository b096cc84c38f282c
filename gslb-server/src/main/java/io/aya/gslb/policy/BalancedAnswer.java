package io.aya.gslb.policy;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * The records a balanced name answers for one client, and the ECS scope they are valid for.
 *
 * @param records A or AAAA records owned by the balanced name (empty: NODATA)
 * @param scopePrefix ECS scope prefix length to put in the reply (RFC 7871), 0 when the answer did not depend
 *     on the client's location
 */
public record BalancedAnswer(List<Record> records, int scopePrefix) {}
