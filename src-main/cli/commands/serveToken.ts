// Where `npas serve` takes its token from (issue #9, item 3). A token on the command line is
// visible to every user of the machine through `ps`, so --token-file (a file only its owner can
// read) and the NPAS_TOKEN environment variable are offered; --token stays for quick local use.
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../contract/errors';

const MIN_TOKEN_LENGTH = 8;

/** The token, if long enough (startServer checks too, but its message names --token). */
function checkedLength(token: string, source: string): string {
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new ConfigError(
      `${source} is ${token.length} characters; use at least ${MIN_TOKEN_LENGTH}`,
    );
  }
  return token;
}

function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`--token-file ${path} cannot be read (${code})`, { cause: error });
  }
  const token = text.trim();
  if (!token) throw new ConfigError(`--token-file ${path} is empty; write the token into it`);
  return checkedLength(token, `the token in ${path}`);
}

/**
 * The token given to `npas serve`, or undefined for none (then the server needs none on
 * loopback and generates one elsewhere). --token or --token-file (not both) win over NPAS_TOKEN.
 */
export function serveToken(
  values: { token?: unknown; 'token-file'?: unknown },
  env: NodeJS.ProcessEnv,
): string | undefined {
  const flag = typeof values.token === 'string' ? values.token : undefined;
  const file = typeof values['token-file'] === 'string' ? values['token-file'] : undefined;
  if (flag !== undefined && file !== undefined) {
    throw new ConfigError('give either --token or --token-file, not both');
  }
  if (file !== undefined) {
    if (!file.trim())
      throw new ConfigError('--token-file cannot be empty; give the path of a file');
    return readTokenFile(file);
  }
  if (flag !== undefined) return flag;
  const fromEnv = env.NPAS_TOKEN;
  if (fromEnv === undefined) return undefined;
  if (!fromEnv.trim())
    throw new ConfigError('NPAS_TOKEN is set but empty; unset it or give a token');
  return checkedLength(fromEnv.trim(), 'NPAS_TOKEN');
}
