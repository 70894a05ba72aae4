export declare const AGENT_BUNDLE: string;
export declare const AGENT_INPUTS: string;
export declare function freshAgentBundle(root: string): string | undefined;
