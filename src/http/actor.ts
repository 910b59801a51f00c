/** Who is making a request; set by the auth middleware, read by the routers. */
export interface Actor {
  id: string;
  roles: string[];
  officerId?: string;
}

declare module "express-serve-static-core" {
  interface Request {
    actor?: Actor;
  }
}
