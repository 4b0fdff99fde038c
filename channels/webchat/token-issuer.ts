import { newConversationId } from '../../src/messaging/directline-log';
import { badArgument, DirectLineError } from './errors';
import { verifyStoreUserToken } from './store-user-token';
import { newUserId, type DirectLineTokens, type ProvenIdentity } from './tokens';

export interface StartRequest {
  /** A Direct Line user id (`dl_...`) to embed. */
  userId?: string;
  userName?: string;
  /** A store-signed user token (contract §6), checked with STORE_USER_TOKEN_SECRET. */
  userToken?: string;
}

export interface IssuedToken {
  conversationId: string;
  token: string;
  expires_in: number;
}

/** Issues the token of a new conversation, with the identity a store-signed user token proves. */
export class TokenIssuer {
  constructor(
    private readonly tokens: DirectLineTokens,
    private readonly storeUserTokenSecret: string | undefined,
    private readonly now: () => number,
  ) {}

  get storeUserTokensEnabled(): boolean {
    return this.storeUserTokenSecret !== undefined;
  }

  issue(request: StartRequest): IssuedToken {
    const identity = request.userToken ? this.prove(request.userToken) : undefined;
    // A proven identity is bound to a user id, so from.id cannot change under it.
    const userId = request.userId ?? (identity ? newUserId() : undefined);
    const conversationId = newConversationId();
    const { token, expiresIn } = this.tokens.issue({ conversationId, userId, userName: request.userName, identity });
    return { conversationId, token, expires_in: expiresIn };
  }

  /**
   * A new conversation that starts verified for an order, with a server-chosen user: for a
   * page whose holder the server has already verified for that order (the tracking page).
   * No client request reaches this: /webchat/token and /tokens/generate never set it.
   */
  issueVerified(orderId: string): IssuedToken & { userId: string } {
    const userId = newUserId();
    const conversationId = newConversationId();
    const { token, expiresIn } = this.tokens.issue({ conversationId, userId, verifiedOrderId: orderId });
    return { conversationId, token, expires_in: expiresIn, userId };
  }

  private prove(userToken: string): ProvenIdentity {
    if (!this.storeUserTokenSecret) throw badArgument('userToken', 'store-signed user tokens are not enabled (STORE_USER_TOKEN_SECRET is unset)');
    const result = verifyStoreUserToken(userToken, this.storeUserTokenSecret, this.now());
    if (!result.ok) throw new DirectLineError(401, 'InvalidUserToken', `the user token is not valid: ${result.reason}`);
    return result.identity;
  }
}
