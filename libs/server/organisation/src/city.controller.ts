import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@equip/server/config';
import { Public } from '@equip/server/http';
import type { CityFacts } from '@equip/shared/contracts';

/** The city's name and time zone, for every page (signed in or not): the web never hard-codes them. */
@ApiTags('city')
@Public()
@Controller('city')
export class CityController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ApiOkResponse({ description: "The city's name (CITY_NAME) and time zone (CITY_TIME_ZONE)." })
  facts(): CityFacts {
    return { name: this.config.cityName, timeZone: this.config.cityTimeZone };
  }
}
