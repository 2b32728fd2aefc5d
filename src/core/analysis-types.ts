/**
 * Types that the reachability engine returns: answers to one question and the grouped flow graph.
 * They are shared by the CLI's JSON output, the worker protocol and the renderer's view model, so
 * they stay plain JSON (no Maps, no bigints) and are documented field by field.
 */
import type { Direction, Origin, Peer } from './model';

/** `tcp 80, 443`-style port summary for one protocol; ranges are inclusive, sorted and merged. */
export interface ProtocolPorts {
  /** IP protocol number; -1 means every protocol (and then `ranges` is empty). */
  protocol: number;
  /** Display name: 'all', 'tcp', 'udp', 'icmp', 'icmpv6' or the number as a string. */
  name: string;
  /**
   * tcp/udp: port ranges. icmp/icmpv6: ranges over type*256+code. Other protocols: [[0, 65535]]
   * meaning "any". Empty only when protocol is -1.
   */
  ranges: [number, number][];
  /** Human label, e.g. 'tcp 80, 443, 8000-8080', 'icmp echo-request', 'all traffic'. */
  label: string;
}

/** A reference to a rule that took part in a decision, with enough to show and find it. */
export interface RuleRef {
  ruleId: string;
  groupId: string;
  groupName?: string;
  direction: Direction;
  protocol: number;
  fromPort: number | null;
  toPort: number | null;
  peer: Peer;
  description?: string;
  origins: Origin[];
  /** One-line rendering, e.g. 'sg-1 (web) ingress tcp 80 from sg-2 (alb)'. */
  summary: string;
}

export type Verdict = 'allowed' | 'denied' | 'depends';

/** One side of a question: an endpoint (at one of its addresses) or an external address. */
export type Locator =
  | { endpointId: string; address?: string }
  | { address: string };

export interface ReachQuery {
  from: Locator;
  to: Locator;
  /** IP protocol number; -1 asks whether all traffic (every protocol and port) is allowed. */
  protocol: number;
  /** tcp/udp destination port; required for tcp/udp. */
  port?: number;
  /**
   * icmp/icmpv6 type and code. As in AWS rules, -1 (or omitted) means every type / every code, so
   * `icmp` with no type asks whether all ICMP is allowed; `--icmp-type 8 --icmp-code 0` asks about ping.
   */
  icmpType?: number;
  icmpCode?: number;
}

export interface ReachAnswer {
  allowed: boolean;
  verdict: Verdict;
  /** Egress rules on the source that allow it (empty when the source is external or egress refused). */
  egress: RuleRef[];
  /** Ingress rules on the destination that allow it (empty when the destination is external or ingress refused). */
  ingress: RuleRef[];
  /** When denied: which side(s) refused. When 'depends': which side(s) are undecided. */
  refusedBy?: Direction[];
  /** Plain-language explanation of the verdict, one or a few sentences. */
  explanation: string;
  /** Resolved addresses actually used for the question. */
  fromAddress?: string;
  toAddress?: string;
  /** The endpoint each side is, when it is one (what the REF resolved to). */
  fromEndpointId?: string;
  toEndpointId?: string;
  /**
   * Set when the question has no answer in the address family it was asked in, so it is denied
   * for that reason alone: the two ends' addresses are of different families ('mismatch'), or an
   * end has no address of the family ('no-address'). An end whose addresses are unknown but may be
   * of the family is answered, not marked.
   */
  notInFamily?: 'mismatch' | 'no-address';
}

/** A node of the flow graph: a class of endpoints with identical reachability, or an external source. */
export type FlowNode =
  | {
      id: string;
      kind: 'endpoints';
      /** Endpoint ids sharing this reachability; one element for a singleton class. */
      members: string[];
      label: string;
    }
  | {
      id: string;
      kind: 'internet' | 'cidr' | 'prefix-list' | 'external-group';
      label: string;
      /** For 'internet': ['0.0.0.0/0', '::/0'] or the one present; for 'cidr': [cidr]. */
      cidrs?: string[];
      prefixListId?: string;
      groupId?: string;
    };

export interface FlowEdge {
  id: string;
  from: string;
  to: string;
  /** Allowed traffic, merged per protocol. */
  ports: ProtocolPorts[];
  /** Short label: the ports labels joined with '; ' (e.g. 'tcp 80, 443; udp 53') or 'all traffic'. */
  label: string;
  /** True when part of the verdict depends on addresses unknown in the input. */
  depends?: boolean;
  /**
   * With `depends`: the part of `ports` allowed whatever the unknown addresses or entries turn out to
   * be (empty when none is); the rest of `ports` is allowed only for some of them.
   */
  surePorts?: ProtocolPorts[];
  /**
   * Rules involved (egress on the source, ingress on the destination). Absent from an analysis made
   * with AnalyzeOptions.ruleIds false, as the app's is: explainEdge finds them for one edge.
   */
  ruleIds?: string[];
}

export interface FlowGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** endpoint id -> flow node id. */
  memberOf: Record<string, string>;
}

/** A summary of what is reachable from outside, per endpoint. */
/**
 * - 'yes': it has a public or elastic IPv4 address (for an IPv4 source) or an IPv6 address (for an
 *   IPv6 source: AWS numbers subnets from global blocks, unique-local fc00::/7 aside), or the inputs
 *   say it is internet-facing (a load balancer's scheme, `publicly_accessible`).
 * - 'no': the inputs give its addresses and none of them is public in that family, or say it is
 *   internal (a load balancer's scheme; a Lambda function, CodeBuild project or VPC link, which
 *   never get a public address). The rules admit the source, but it reaches the endpoint only
 *   through something in between (a load balancer, a VPN, a peering) or once a public address is
 *   added.
 * - 'unknown': the inputs give no address for it (an ECS service that does not say whether it
 *   assigns public addresses, a plan that leaves the public address to apply) and do not say
 *   whether it is internet-facing.
 */
export type ExposureAddress = 'yes' | 'no' | 'unknown';

export interface Exposure {
  endpointId: string;
  /** External node id (internet, cidr, prefix list) and what it may reach. */
  from: string;
  ports: ProtocolPorts[];
  /** True when the port set includes a sensitive admin or database port, or all traffic. */
  risky: boolean;
  /**
   * Whether the endpoint has an address the outside source can send to, in a family the exposure
   * is open in (see ExposureAddress). Security groups admit the source either way; this says
   * whether anything more than the rules stands between them.
   */
  publicAddress: ExposureAddress;
  /**
   * The outside blocks that admit it, when the node alone does not say: for the internet node,
   * which of 0.0.0.0/0 and ::/0 the rules open (the node is shared by both families).
   */
  via?: string[];
  /**
   * Set when the source is a prefix list whose entries the inputs do not give: it may or may not
   * hold outside addresses, so this exposure depends on the list.
   */
  depends?: true;
  /**
   * Set when no rule admits it: the endpoint carries no security group and AWS does not filter it
   * (an internet-facing network load balancer created without groups), so what the internet sends
   * reaches it on its listeners (`ports`), or on anything when the inputs do not list them.
   */
  unfiltered?: true;
}

export interface AnalysisSummary {
  /** Security groups defined in the inputs (external references excluded). */
  groups: number;
  externalGroups: number;
  rules: number;
  endpoints: number;
  warnings: number;
  flowNodes: number;
  flowEdges: number;
  /** Endpoints reachable from an outside source (internet, public CIDR or prefix list) for sure. */
  internetExposedEndpoints: number;
  /**
   * Of those, the endpoints that some sure exposure reaches at a public address (Exposure.publicAddress
   * 'yes'): what the internet can connect to now, with no load balancer or VPN in between. Optional
   * so that summaries built elsewhere (fixtures) stay valid.
   */
  exposedAtPublicAddress?: number;
  /**
   * Endpoints whose only outside exposure goes through a prefix list of unknown entries: exposed
   * or not depending on what the list holds. Not counted in internetExposedEndpoints. Optional so
   * that summaries built elsewhere (fixtures) stay valid.
   */
  possiblyExposedEndpoints?: number;
  /**
   * Endpoints carrying a group the inputs reference but do not define: its rules are unknown, so
   * their flows may be more than drawn (queries answer 'depends' where known rules refuse).
   */
  endpointsWithUnknownRules?: number;
  /**
   * How endpoint pairs linked only by CIDR rules are drawn: 'expand' (a direct edge per pair) or
   * 'via-node' (only through the CIDR nodes; group-linked pairs keep their direct edges). Always
   * set by analyzeFlows; optional so that summaries built elsewhere (fixtures) stay valid.
   */
  cidrPairs?: 'expand' | 'via-node';
}

export interface AnalysisResult {
  summary: AnalysisSummary;
  flows: FlowGraph;
  exposures: Exposure[];
  /** Things the reader of the graph should know, one sentence each (e.g. why CIDR-only pairs have no direct edges). */
  notes?: string[];
}

/** Why an edge of the flow graph exists: for each allowed port range, the rules on both sides. */
export interface EdgeExplanation {
  edgeId: string;
  from: string;
  to: string;
  /** For each allowed port range: the egress rules on the source and ingress rules on the destination. */
  segments: { ports: ProtocolPorts; egress: RuleRef[]; ingress: RuleRef[]; depends?: boolean }[];
  /**
   * The sides that are endpoints AWS does not filter with security groups (isUnfiltered): their
   * side lists no rule because nothing there checks the traffic, not because it is outside.
   */
  unfiltered?: ('source' | 'destination')[];
}
