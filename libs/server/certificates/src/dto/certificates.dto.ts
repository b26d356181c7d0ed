import { PageQueryDto, RequiredText } from '@equip/server/http';
import { REVOKE_REASON_MAX_LENGTH, type RevokeCertificateRequest } from '@equip/shared/contracts';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CertificateQueryDto extends PageQueryDto {
  /** Part of a serial number, a person's name or email, or a course or track title. */
  @IsOptional() @IsString() @MaxLength(200)
  search?: string;
}

export class RevokeCertificateDto implements RevokeCertificateRequest {
  /** Why the certificate no longer stands; shown to administrators, not on the verification page. */
  @RequiredText(REVOKE_REASON_MAX_LENGTH)
  reason!: string;
}
