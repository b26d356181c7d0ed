import { Body, Controller, Get, HttpCode, Ip, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { CurrentUser, IdParam, KeyParam, Public, Roles, tooManyRequests } from '@equip/server/http';
import { RateLimiter } from '@equip/server/queue';
import type { CertificateAdminRow, CertificateVerification, Page, SessionUser } from '@equip/shared/contracts';
import type { Response } from 'express';
import { CertificatesService } from './certificates.service';
import { CertificateQueryDto, RevokeCertificateDto } from './dto/certificates.dto';

/**
 * Verification lookups one address may make per window: plenty for people, too few to walk codes
 * (which are unguessable already; the limit keeps a scraper from hammering the public route).
 */
export const VERIFY_LIMIT = { max: 60, windowSeconds: 60 };

/** A verification code as the certificate table's CHECK allows it. */
const VERIFICATION_CODE = /^[A-Za-z0-9_-]{22,64}$/;

@ApiTags('certificates')
@Controller('certificates')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly limiter: RateLimiter,
  ) {}

  @Get()
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'Every certificate, newest first; `search` matches serial, person or title.' })
  list(@Query() query: CertificateQueryDto): Promise<Page<CertificateAdminRow>> {
    return this.certificates.list(query);
  }

  @Get('verify/:code')
  @Public()
  @ApiOkResponse({ description: 'Name, title, issue date and status (valid or revoked): nothing else.' })
  @ApiNotFoundResponse({ description: 'No certificate has this code.' })
  @ApiTooManyRequestsResponse({ description: 'Too many lookups from this address; see Retry-After.' })
  async verify(@KeyParam('code', 'certificate', VERIFICATION_CODE) code: string, @Ip() ip: string, @Res({ passthrough: true }) res: Response): Promise<CertificateVerification> {
    const wait = await this.limiter.hit([{ key: `certificate-verify:${ip}`, ...VERIFY_LIMIT }]);
    if (wait !== undefined) throw tooManyRequests('Too many verification requests; try again shortly', wait);
    // A revocation must show at once: no shared or stale copies.
    res.setHeader('Cache-Control', 'no-store');
    return this.certificates.verify(code);
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate PDF, as an attachment (its holder, or a RASE administrator).' })
  @ApiNotFoundResponse({ description: 'No such certificate of mine (or any, for administrators).' })
  async pdf(@CurrentUser() user: SessionUser, @IdParam('id') id: string): Promise<StreamableFile> {
    const { filename, content } = await this.certificates.pdf(user, id);
    return new StreamableFile(content, {
      type: 'application/pdf',
      disposition: `attachment; filename="${filename}"`,
      length: content.length,
    });
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Roles('rase_admin')
  @ApiOkResponse({ description: 'Revoked (audited); its verification page shows it as revoked from now on.' })
  @ApiBadRequestResponse({ description: '`reason` is missing or too long.' })
  @ApiNotFoundResponse({ description: 'No such certificate.' })
  revoke(@CurrentUser() user: SessionUser, @IdParam('id') id: string, @Body() body: RevokeCertificateDto, @Ip() ip: string): Promise<CertificateAdminRow> {
    return this.certificates.revoke(user, id, body.reason, ip);
  }
}
