export async function transformCommand(argv: string[]): Promise<number> { return 1; }
