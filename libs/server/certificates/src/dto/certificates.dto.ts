import { PageQueryDto } from '@equip/server/http';
import { REVOKE_REASON_MAX_LENGTH, type RevokeCertificateRequest } from '@equip/shared/contracts';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class CertificateQueryDto extends PageQueryDto {
  /** Part of a serial number, a person's name or email, or a course or track title. */
  @IsOptional() @IsString() @MaxLength(200)
  search?: string;
}

export class RevokeCertificateDto implements RevokeCertificateRequest {
  @IsString({ message: 'reason is required' })
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(REVOKE_REASON_MAX_LENGTH, { message: `reason must be at most ${REVOKE_REASON_MAX_LENGTH} characters` })
  reason!: string;
}
